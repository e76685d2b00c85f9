#pragma once
// The Asio names rooms use: a room lives on a strand of the server's io_context and keeps a timer.
// (The network library adds Beast's names on top: server/net/net.hpp.)

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

namespace earshot::server {

namespace net = boost::asio;
using Strand = net::strand<net::io_context::executor_type>;

}  // namespace earshot::server
