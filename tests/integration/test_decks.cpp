// The facilitator's decks over HTTP, on the real server: every operation (list, get, create, copy,
// update, rename, delete, import, export) with the key and without it; every refusal with its
// code, status and line, each leaving every stored deck as it was; rounds drawing from an own deck
// in order, across a restart; and decks surviving kill -9 in the middle of changes.

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <mutex>
#include <map>
#include <random>
#include <thread>

#include "client/http.hpp"
#include "harness.hpp"

using namespace earshot::test;
using earshot::client::http_request;
using earshot::client::HttpRequest;
using earshot::client::HttpResponse;
using earshot::client::ServerUrl;

namespace {

const std::string key = ServerProcess::facilitator_key;

HttpResponse call(const ServerUrl& url, const std::string& method, const std::string& target, std::string body = {},
                  const std::string& with_key = key, const std::string& type = "application/json") {
  HttpRequest req;
  req.method = method;
  req.target = target;
  req.body = std::move(body);
  if (!with_key.empty()) req.headers.emplace_back("Authorization", "Bearer " + with_key);
  if (!req.body.empty()) req.headers.emplace_back("Content-Type", type);
  return http_request(url, req, std::chrono::milliseconds(20000));
}

json body_of(const HttpResponse& res) {
  INFO("status ", res.status, " body ", res.body.substr(0, 400));
  json j = json::parse(res.body, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

std::string lines(const std::vector<std::string>& entries) {
  std::string out;
  for (const auto& e : entries) out += e + "\n";
  return out;
}

// A new deck from a text; REQUIREs that it is made, and returns it.
json create(const ServerUrl& url, const std::string& name, const std::string& text) {
  const auto res = call(url, "POST", "/api/decks", json{{"name", name}, {"text", text}}.dump());
  REQUIRE(res.status == 201);
  return body_of(res);
}

json import_file(const ServerUrl& url, const std::string& name, const std::string& file_name, const std::string& file,
                 int status = 201) {
  const auto res = call(url, "POST", "/api/decks/import?name=" + name + "&file=" + file_name, file, key, "text/plain");
  CHECK(res.status == status);
  return body_of(res);
}

// Everything stored: every deck with its entries, by id.
std::map<std::string, json> everything(const ServerUrl& url) {
  std::map<std::string, json> out;
  const json list = body_of(call(url, "GET", "/api/decks"));
  for (const auto& d : list["decks"]) {
    const std::string id = d["id"];
    out[id] = body_of(call(url, "GET", "/api/decks/" + id));
  }
  return out;
}

// REQUIREs that `res` is the refusal `code` with `status` (and `line` when given).
json refused(const HttpResponse& res, int status, const std::string& code, std::size_t line = 0) {
  const json body = body_of(res);
  CHECK(res.status == status);
  CHECK(body["type"] == "error");
  CHECK(body["code"] == code);
  CHECK_FALSE(body["message"].get<std::string>().empty());
  if (line) CHECK(body["line"] == line);
  return body;
}

std::vector<std::string> numbered(std::size_t count, const std::string& prefix = "word ") {
  std::vector<std::string> out;
  for (std::size_t i = 1; i <= count; ++i) out.push_back(prefix + std::to_string(i));
  return out;
}

}  // namespace

TEST_CASE("the decks need the facilitator key") {
  Harness h;
  const auto url = h.server.url();
  refused(call(url, "GET", "/api/decks", {}, ""), 403, "bad_key");
  refused(call(url, "GET", "/api/decks", {}, "wrong"), 403, "bad_key");
  refused(call(url, "POST", "/api/decks", json{{"name", "x"}, {"text", "a"}}.dump(), "wrong"), 403, "bad_key");
  refused(call(url, "GET", "/api/decks/seeds.txt", {}, ""), 403, "bad_key");
  CHECK(call(url, "GET", "/api/decks?key=" + key, {}, "").status == 200);
  CHECK(call(url, "GET", "/api/decks/seeds.csv?key=" + key, {}, "").status == 200);
  CHECK(everything(url).size() == 7);  // nothing was made: the built-in decks only
}

TEST_CASE("list, create, get, update, rename, copy, export and delete decks") {
  Harness h;
  const auto url = h.server.url();

  const json start = body_of(call(url, "GET", "/api/decks"));
  REQUIRE(start["decks"].size() == 7);
  for (const auto& d : start["decks"]) {
    CHECK(d["builtin"] == true);
    CHECK(d["size"].get<int>() >= 8);
  }
  CHECK(start["decks"][0]["id"] == "seeds");
  const json seeds = body_of(call(url, "GET", "/api/decks/seeds"));
  CHECK(seeds["entries"].size() == seeds["size"]);

  const json made = create(url, "  Help   desk ", "urgent\n\n  a quick   fix\r\nthe printer is broken\n");
  CHECK(made["id"] == "d1");
  CHECK(made["name"] == "Help desk");
  CHECK(made["builtin"] == false);
  CHECK(made["entries"] == json::array({"urgent", "a quick fix", "the printer is broken"}));
  CHECK(made["size"] == 3);
  CHECK(made["createdAt"].is_number());
  CHECK(body_of(call(url, "GET", "/api/decks/d1")) == made);
  const json listed = body_of(call(url, "GET", "/api/decks"))["decks"];
  REQUIRE(listed.size() == 8);
  CHECK(listed[7]["name"] == "Help desk");
  CHECK(listed[7]["size"] == 3);
  CHECK_FALSE(listed[7].contains("entries"));

  // The entries, the name, then both.
  const json changed = body_of(call(url, "PUT", "/api/decks/d1", json{{"text", "urgent\nASAP"}}.dump()));
  CHECK(changed["entries"] == json::array({"urgent", "ASAP"}));
  CHECK(changed["name"] == "Help desk");
  const json renamed = body_of(call(url, "PUT", "/api/decks/d1", json{{"name", "Help-desk words"}}.dump()));
  CHECK(renamed["name"] == "Help-desk words");
  CHECK(renamed["entries"] == changed["entries"]);
  // A name that differs only in case is still the deck's own.
  CHECK(body_of(call(url, "PUT", "/api/decks/d1", json{{"name", "HELP-DESK WORDS"}, {"text", "urgent"}}.dump()))["name"] ==
        "HELP-DESK WORDS");

  // Copies of a built-in deck and of an own one.
  const auto copy = call(url, "POST", "/api/decks", json{{"name", "My seeds"}, {"copyOf", "seeds"}}.dump());
  REQUIRE(copy.status == 201);
  CHECK(body_of(copy)["entries"] == seeds["entries"]);
  CHECK(body_of(copy)["id"] == "d2");
  const auto copy2 = call(url, "POST", "/api/decks", json{{"name", "Again"}, {"copyOf", "d1"}}.dump());
  CHECK(body_of(copy2)["entries"] == json::array({"urgent"}));

  // Exports: a text file and a CSV file that import back to the same entries.
  create(url, "Quotes, commas", "say \"when\"\ntea, green\nsemi;colon\n#1 priority\nZoë");
  const auto txt = call(url, "GET", "/api/decks/d4.txt");
  CHECK(txt.status == 200);
  CHECK(txt.header("Content-Type").value_or("").starts_with("text/plain"));
  CHECK(txt.header("Content-Disposition") == "attachment; filename=\"quotes-commas.txt\"");
  CHECK(txt.body == "say \"when\"\ntea, green\nsemi;colon\n#1 priority\nZoë\n");
  const auto csv = call(url, "GET", "/api/decks/d4.csv");
  CHECK(csv.header("Content-Type").value_or("").starts_with("text/csv"));
  CHECK(csv.header("Content-Disposition") == "attachment; filename=\"quotes-commas.csv\"");
  CHECK(csv.body == "entry\r\n\"say \"\"when\"\"\"\r\n\"tea, green\"\r\n\"semi;colon\"\r\n#1 priority\r\nZoë\r\n");
  const json entries = body_of(call(url, "GET", "/api/decks/d4"))["entries"];
  CHECK(import_file(url, "From%20txt", "quotes-commas.txt", txt.body)["deck"]["entries"] == entries);
  CHECK(import_file(url, "From%20csv", "quotes-commas.csv", csv.body)["deck"]["entries"] == entries);
  CHECK(call(url, "GET", "/api/decks/seeds.txt").header("Content-Disposition") ==
        "attachment; filename=\"earshot-seeds.txt\"");
  refused(call(url, "GET", "/api/decks/d4.pdf"), 400, "bad_field");
  refused(call(url, "GET", "/api/decks/d99.txt"), 404, "deck_not_found");

  // Deleting.
  CHECK(body_of(call(url, "DELETE", "/api/decks/d2")) == json{{"deleted", "d2"}});
  refused(call(url, "GET", "/api/decks/d2"), 404, "deck_not_found");
  refused(call(url, "DELETE", "/api/decks/d2"), 404, "deck_not_found");
  // Ids are never given twice.
  CHECK(create(url, "Another", "x")["id"] == "d7");
}

TEST_CASE("importing a file says how many entries it took and which lines it refused, and why") {
  Harness h;
  const auto url = h.server.url();
  const std::string text = "coffee\n\ntea\nCoffee!\n" + std::string(101, 'x') + "\n?!\nmilk\n";
  const json got = import_file(url, "Drinks", "drinks.txt", text);
  CHECK(got["taken"] == 3);
  CHECK(got["deck"]["entries"] == json::array({"coffee", "tea", "milk"}));
  CHECK(got["deck"]["name"] == "Drinks");
  REQUIRE(got["refused"].size() == 3);
  CHECK(got["refused"][0] == json{{"line", 4}, {"code", "deck_entry_duplicate"}, {"message", "Line 4 repeats line 1."}, {"sameAs", 1}});
  CHECK(got["refused"][1]["line"] == 5);
  CHECK(got["refused"][1]["code"] == "deck_entry_too_long");
  CHECK(got["refused"][2]["line"] == 6);
  CHECK(got["refused"][2]["code"] == "deck_entry_invalid");

  const json csv = import_file(url, "Caf%C3%A9%20words", "words.CSV", "id;Entry;note\n1;café;x\n2;\"tea; green\";y\n");
  CHECK(csv["deck"]["name"] == "Café words");
  CHECK(csv["deck"]["entries"] == json::array({"café", "tea; green"}));
  CHECK(csv["refused"] == json::array());

  // The biggest file and the most entries taken.
  const auto most = numbered(2000);
  CHECK(import_file(url, "Most", "most.txt", lines(most))["taken"] == 2000);
}

TEST_CASE("every refusal names its field or line, and nothing stored changes") {
  Harness h;
  const auto url = h.server.url();
  create(url, "Warm-up", "coffee\ntea");
  create(url, "Second", "one");
  const auto before = everything(url);

  struct Case {
    std::string what, method, target, body;
    int status;
    std::string code, field;
    std::size_t line = 0;
    std::string type = "application/json";
  };
  const std::string long_name(61, 'n');
  const std::string too_long_entry(101, 'x');
  std::vector<Case> cases = {
      {"empty name", "POST", "/api/decks", json{{"name", "  "}, {"text", "a"}}.dump(), 400, "deck_name_invalid", "name"},
      {"61-character name", "POST", "/api/decks", json{{"name", long_name}, {"text", "a"}}.dump(), 400, "deck_name_invalid", "name"},
      {"name of punctuation", "POST", "/api/decks", json{{"name", "???"}, {"text", "a"}}.dump(), 400, "deck_name_invalid", "name"},
      {"name taken", "POST", "/api/decks", json{{"name", "WARM-UP!"}, {"text", "a"}}.dump(), 409, "deck_name_taken", "name"},
      {"name taken by a copy", "POST", "/api/decks", json{{"name", "warm-up"}, {"copyOf", "seeds"}}.dump(), 409, "deck_name_taken", "name"},
      {"name taken by a rename", "PUT", "/api/decks/d2", json{{"name", "Warm-up"}}.dump(), 409, "deck_name_taken", "name"},
      {"name taken by an import", "POST", "/api/decks/import?name=warm-up&file=a.txt", "a", 409, "deck_name_taken", "name", 0, "text/plain"},
      {"bad name on import", "POST", "/api/decks/import?name=%20&file=a.txt", "a", 400, "deck_name_invalid", "name", 0, "text/plain"},
      {"empty deck", "POST", "/api/decks", json{{"name", "Empty"}, {"text", "\n \n"}}.dump(), 400, "deck_empty", "text"},
      {"emptied deck", "PUT", "/api/decks/d1", json{{"text", ""}}.dump(), 400, "deck_empty", "text"},
      {"entry too long", "POST", "/api/decks", json{{"name", "Long"}, {"text", "a\n\n" + too_long_entry}}.dump(), 400, "deck_entry_too_long", "text", 3},
      {"entry too long in an update", "PUT", "/api/decks/d1", json{{"text", "a\n" + too_long_entry}}.dump(), 400, "deck_entry_too_long", "text", 2},
      {"control character", "PUT", "/api/decks/d1", json{{"text", "a\nb\x07"}}.dump(), 400, "deck_entry_invalid", "text", 2},
      {"duplicate", "PUT", "/api/decks/d1", json{{"text", "tea\nmilk\nTea"}}.dump(), 400, "deck_entry_duplicate", "text", 3},
      {"2,001 entries", "POST", "/api/decks", json{{"name", "Big"}, {"text", lines(numbered(2001))}}.dump(), 400, "deck_too_many_entries", "text", 2001},
      {"10,000-line file", "POST", "/api/decks/import?name=Big&file=big.txt", lines(numbered(10000)), 400, "deck_too_many_entries", "file", 2001, "text/plain"},
      {"file over 1 MiB", "POST", "/api/decks/import?name=Big&file=big.txt", std::string(1024 * 1024 + 1, 'x'), 413, "deck_too_big", "file", 0, "text/plain"},
      {"file over 2 MiB", "POST", "/api/decks/import?name=Big&file=big.txt", std::string(3 * 1024 * 1024, 'x'), 413, "deck_too_big", "file", 0, "text/plain"},
      {"text over 1 MiB", "POST", "/api/decks", json{{"name", "Big"}, {"text", std::string(1024 * 1024 + 1, 'x')}}.dump(), 413, "deck_too_big", "text"},
      {"binary file", "POST", "/api/decks/import?name=Pic&file=pic.txt", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), 400, "deck_file_not_text", "file", 1, "image/png"},
      {"not UTF-8", "POST", "/api/decks/import?name=Old&file=old.txt", "coffee\ncaf\xE9\n", 400, "deck_file_not_text", "file", 2, "text/plain"},
      {"not a text or CSV file", "POST", "/api/decks/import?name=Doc&file=words.docx", "PK\x03\x04", 400, "deck_file_type", "file", 0, "application/octet-stream"},
      {"CSV without an entry column", "POST", "/api/decks/import?name=Csv&file=w.csv", "id,word\n1,coffee\n", 400, "deck_csv_invalid", "file", 1, "text/csv"},
      {"CSV with an open quote", "POST", "/api/decks/import?name=Csv&file=w.csv", "entry\ncoffee\n\"tea\n", 400, "deck_csv_invalid", "file", 3, "text/csv"},
      {"file with nothing usable", "POST", "/api/decks/import?name=None&file=n.txt", "?!\n...\n", 400, "deck_empty", "file", 1, "text/plain"},
      {"import without a name", "POST", "/api/decks/import?file=n.txt", "a", 400, "missing_field", "name", 0, "text/plain"},
      {"import without a file name", "POST", "/api/decks/import?name=N", "a", 400, "missing_field", "file", 0, "text/plain"},
      {"changing a built-in deck", "PUT", "/api/decks/seeds", json{{"text", "a"}}.dump(), 403, "deck_read_only", "deck"},
      {"deleting a built-in deck", "DELETE", "/api/decks/titles", "", 403, "deck_read_only", "deck"},
      {"changing a deck that is not there", "PUT", "/api/decks/d9", json{{"text", "a"}}.dump(), 404, "deck_not_found", "deck"},
      {"copying a deck that is not there", "POST", "/api/decks", json{{"name", "C"}, {"copyOf", "d9"}}.dump(), 404, "deck_not_found", "from"},
      {"getting a deck that is not there", "GET", "/api/decks/nonsense", "", 404, "deck_not_found", "deck"},
      {"not JSON", "POST", "/api/decks", "{name:", 400, "bad_json", ""},
      {"not an object", "POST", "/api/decks", "[1]", 400, "bad_message", ""},
      {"no name", "POST", "/api/decks", json{{"text", "a"}}.dump(), 400, "missing_field", "name"},
      {"no text", "POST", "/api/decks", json{{"name", "N"}}.dump(), 400, "missing_field", "text"},
      {"text and copyOf", "POST", "/api/decks", json{{"name", "N"}, {"text", "a"}, {"copyOf", "seeds"}}.dump(), 400, "bad_field", "copyOf"},
      {"a name that is not a string", "PUT", "/api/decks/d1", json{{"name", 5}}.dump(), 400, "bad_field", "name"},
      {"an update with nothing", "PUT", "/api/decks/d1", json::object().dump(), 400, "missing_field", "text"},
      {"a method the list does not take", "DELETE", "/api/decks", "", 405, "method_not_allowed", ""},
      {"a method a deck does not take", "POST", "/api/decks/d1", "", 405, "method_not_allowed", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what);
    const json body = refused(call(url, c.method, c.target, c.body, key, c.type), c.status, c.code, c.line);
    if (c.field.empty()) CHECK_FALSE(body.contains("field"));
    else CHECK(body["field"] == c.field);
  }
  CHECK(everything(url) == before);
  // The connection that sent 3 MiB was answered and closed; the server goes on.
  CHECK(call(url, "GET", "/api/decks").status == 200);
}

TEST_CASE("at most 200 decks") {
  Harness h;
  const auto url = h.server.url();
  for (int i = 1; i <= 200; ++i) create(url, "Deck " + std::to_string(i), "entry");
  refused(call(url, "POST", "/api/decks", json{{"name", "One more"}, {"text", "a"}}.dump()), 409, "too_many_decks");
  CHECK(call(url, "DELETE", "/api/decks/d5").status == 200);
  create(url, "One more", "a");
}

TEST_CASE("rounds draw from an own deck in order, and the order goes on after a restart") {
  const std::string data = make_temp_dir();
  std::string code;
  auto new_round = [](Client& host, const json& draw, int id) {
    host.send({{"type", "new_round"}, {"id", id}, {"start", true},
               {"config", {{"game", "burst"}, {"answerMs", 600000}}}, {"draw", draw}});
    json view;
    for (;;) {
      json m = host.receive(reply_limit);
      if (m["type"] == "round") view = m["round"]["view"];
      if (m.value("re", json()) == id) {
        REQUIRE(m["type"] == "ok");
        break;
      }
    }
    host.send({{"type", "steer"}, {"action", "end"}, {"id", id + 1000}});
    // (Its answer is read here, so that the next reply read is the next request's.)
    while (host.receive(reply_limit).value("re", json()) != id + 1000) {
    }
    return view["set"]["prompt"].get<std::string>() + "|" + std::to_string(view["set"]["count"].get<int>());
  };
  {
    ServerProcess server({}, data);
    const auto url = server.url();
    create(url, "Listening", "acknowledge\nmirror\nsummarize\nask\nwait");
    Client host = Client::connect(url);
    host.send({{"type", "hello"}, {"key", key}});
    host.receive_until("welcome", reply_limit);
    code = Harness::create_room(host);
    Client phone = Client::connect(url);
    phone.send({{"type", "hello"}, {"room", code}, {"name", "Ann"}});
    phone.receive_until("welcome", reply_limit);
    CHECK(new_round(host, {{"deck", "d1"}, {"mode", "next"}, {"count", 2}}, 1) == "acknowledge|2");
    CHECK(new_round(host, {{"deck", "d1"}, {"mode", "next"}, {"count", 2}}, 2) == "summarize|2");
    // A deck changed meanwhile keeps its place.
    call(url, "PUT", "/api/decks/d1", json{{"text", "acknowledge\nmirror\nsummarize\nask\nwait\nbreathe"}}.dump());
    CHECK(new_round(host, {{"deck", "d1"}, {"mode", "next"}}, 3) == "wait|1");
    const json deleted = body_of(call(url, "POST", "/api/decks", json{{"name", "Gone"}, {"text", "x"}}.dump()));
    call(url, "DELETE", "/api/decks/" + deleted["id"].get<std::string>());
    host.send({{"type", "new_round"}, {"id", 9}, {"config", {{"game", "burst"}}}, {"draw", {{"deck", deleted["id"]}}}});
    const json reply = reply_to(host, 9);
    CHECK(reply["code"] == "deck_not_found");
    CHECK(reply["field"] == "draw.deck");
  }
  ServerProcess server({}, data);
  Client host = Client::connect(server.url());
  host.send({{"type", "hello"}, {"key", key}, {"room", code}});
  host.receive_until("welcome", reply_limit);
  CHECK(new_round(host, {{"deck", "d1"}, {"mode", "next"}, {"count", 2}}, 4) == "breathe|2");
  CHECK(new_round(host, {{"deck", "d1"}, {"mode", "next"}}, 5) == "mirror|1");
}

TEST_CASE("kill -9 while decks are created and changed loses no deck that was answered, and leaves none half-made") {
  const std::string data = make_temp_dir();
  std::mt19937 random(std::random_device{}());
  // By deck id, the entries it may have: what the server last answered, and a change sent after
  // that whose answer the kill may have cut off.
  std::map<std::string, std::vector<json>> may_be;
  auto check_stored = [&](const std::map<std::string, json>& stored, int life) {
    for (auto& [id, options] : may_be) {
      INFO("life ", life, " deck ", id);
      REQUIRE(stored.count(id) == 1);
      const json& entries = stored.at(id)["entries"];
      CHECK(std::find(options.begin(), options.end(), entries) != options.end());
      options = {entries};
    }
    // Decks whose creation was never answered are whole too: the entries of one request.
    for (const auto& [id, deck] : stored) {
      if (deck["builtin"] == true) continue;
      CHECK(deck["entries"].size() == (deck["name"].get<std::string>().ends_with("changed") ? 3 : 40));
    }
  };
  for (int life = 0; life < 3; ++life) {
    ServerProcess server({}, data);
    const auto url = server.url();
    check_stored(everything(url), life);
    // Four writers, then the kill at a random moment among them.
    std::mutex mutex;
    std::vector<std::thread> writers;
    std::atomic<bool> dead{false};
    for (int w = 0; w < 4; ++w) {
      writers.emplace_back([&, w] {
        for (int i = 0; !dead; ++i) {
          const std::string name = "Life " + std::to_string(life) + " writer " + std::to_string(w) + " deck " + std::to_string(i);
          const auto entries = numbered(40, name + " entry ");
          const json changed = json::array({"one", "two", "three"});
          try {
            const auto res = call(url, "POST", "/api/decks", json{{"name", name}, {"text", lines(entries)}}.dump());
            if (res.status != 201) continue;
            const std::string id = json::parse(res.body)["id"];
            {
              std::lock_guard lock(mutex);
              may_be[id] = {json(entries), changed};
            }
            const auto put = call(url, "PUT", "/api/decks/" + id,
                                  json{{"name", name + " changed"}, {"text", "one\ntwo\nthree"}}.dump());
            if (put.status != 200) continue;
            std::lock_guard lock(mutex);
            may_be[id] = {changed};
          } catch (const std::exception&) {
            // The server died under this request.
          }
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(100, 400)(random)));
    server.kill_hard();
    dead = true;
    for (auto& t : writers) t.join();
    MESSAGE("life ", life, ": ", may_be.size(), " decks answered so far");
  }
  ServerProcess server({}, data);
  check_stored(everything(server.url()), 3);
  CHECK_FALSE(may_be.empty());
  std::error_code ec;
  std::filesystem::remove_all(data, ec);
}
