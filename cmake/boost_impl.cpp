// Boost.Asio and Boost.Beast compiled once for the whole project (separate compilation), instead
// of in every file that includes them: much faster builds on a small machine.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
