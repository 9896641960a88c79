/* net.h - ex05_select_io: TCP sockets, just what the echo programs need.
 *
 * Resolve host:port once, listen, accept, and connect without blocking.
 * Each is a handful of system calls; the lesson is how a task waits for
 * them (io.h), not these.
 *
 * A non-blocking connect() returns at once, usually with EINPROGRESS: the
 * handshake goes on without us. The socket becomes writable when it ends,
 * one way or the other, and SO_ERROR then tells which: 0 for connected, or
 * the error connect() would have returned (ECONNREFUSED, ...).
 *
 * Errors: 0 (or a descriptor) on success, -1 with errno on failure. One
 * exception: net_resolve() returns getaddrinfo()'s own code, which
 * gai_strerror() puts in words (a host name is not a system call's error).
 */
#ifndef NET_H
#define NET_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

/* An address to listen on or connect to: IPv4 or IPv6. */
typedef struct {
    struct sockaddr_storage addr;
    socklen_t len;
} net_address;

/* Room for a numeric host ("127.0.0.1", or an IPv6 address) and a NUL. */
#define NET_HOST_MAX 64

/* Look up host (a name or a number) and port, keep the first address.
 * Returns 0, or getaddrinfo()'s error code (see gai_strerror()). */
int net_resolve(net_address *a, const char *host, int port);

/* A TCP socket bound to a, listening, with SO_REUSEADDR (so a server can
 * be restarted at once on the port it just left). Returns the descriptor,
 * or -1 with errno. */
int net_listen(const net_address *a, bool nonblocking);

/* Take the next connection waiting on `listener`; its address goes in
 * *peer. Returns the new descriptor, or -1 with errno (EAGAIN: nobody is
 * waiting, on a non-blocking listener). */
int net_accept(int listener, net_address *peer, bool nonblocking);

/* A non-blocking socket, connecting to a: the connection is under way, or
 * already made. Wait until it is writable, then ask net_connect_result().
 * Returns the descriptor, or -1 with errno. */
int net_connect(const net_address *a);

/* How the connection started by net_connect() ended: 0 connected, or -1
 * with errno set to connect()'s error. Call once fd is writable. */
int net_connect_result(int fd);

/* The address a socket is bound to (for a port the kernel picked). */
int net_local_address(int fd, net_address *a);

/* The numeric host and the port of a, for messages. Returns 0 or -1. */
int net_host_port(const net_address *a, char host[NET_HOST_MAX], int *port);

#endif
