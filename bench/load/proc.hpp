#pragma once
// Readings of processes on this machine from /proc and getrusage: the server's resident memory
// and CPU time (by --pid), and the load tool's own CPU time.

namespace earshot::bench {

// VmRSS of a process, in kB; throws Failure when it cannot be read.
long rss_kb(int pid);

// utime + stime of a process, in seconds; NaN for a server on another machine (--pid remote).
double cpu_seconds(int pid);

// This process's user + system CPU time, in seconds.
double own_cpu_seconds();

}  // namespace earshot::bench
