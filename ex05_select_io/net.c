/* net.c - ex05_select_io: TCP sockets: resolve, listen, accept, connect
 * without blocking. Errors: -1 with errno (net_resolve: a getaddrinfo
 * code). */
#include "net.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int net_resolve(net_address *a, const char *host, int port)
{
    struct addrinfo hints = { .ai_family = AF_UNSPEC,
                              .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_NUMERICSERV };
    struct addrinfo *found;
    char service[16];
    int rc;

    snprintf(service, sizeof service, "%d", port);
    rc = getaddrinfo(host, service, &hints, &found);
    if (rc != 0)
        return rc;
    /* The first answer is the one the system prefers; good enough here. */
    memcpy(&a->addr, found->ai_addr, found->ai_addrlen);
    a->len = found->ai_addrlen;
    freeaddrinfo(found);
    return 0;
}

/* O_NONBLOCK: read, write, accept and connect return at once (EAGAIN,
 * EINPROGRESS) instead of waiting. */
static int set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL);

    if (flags < 0)
        return -1;
    return fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

/* Close fd on an error path, keeping the errno that explains the error. */
static int close_keeping_errno(int fd)
{
    int saved = errno;

    close(fd);
    errno = saved;
    return -1;
}

/* DOC: net_listen */
int net_listen(const net_address *a, bool nonblocking)
{
    int yes = 1;
    int fd = socket(a->addr.ss_family, SOCK_STREAM, 0);

    if (fd < 0)
        return -1;
    /* Without it, a restarted server waits a minute or two for the old
     * connections' TIME_WAIT to end before it may bind the port again. */
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes) < 0 ||
        bind(fd, (const struct sockaddr *)&a->addr, a->len) < 0 ||
        listen(fd, SOMAXCONN) < 0 ||        /* the kernel's longest queue */
        (nonblocking && set_nonblocking(fd) < 0))
        return close_keeping_errno(fd);
    return fd;
}
/* DOC: end */

int net_accept(int listener, net_address *peer, bool nonblocking)
{
    int fd;

    peer->len = sizeof peer->addr;
    fd = accept(listener, (struct sockaddr *)&peer->addr, &peer->len);
    if (fd < 0)
        return -1;
    /* Linux does not pass O_NONBLOCK from the listener to the new socket. */
    if (nonblocking && set_nonblocking(fd) < 0)
        return close_keeping_errno(fd);
    return fd;
}

/* DOC: net_connect */
int net_connect(const net_address *a)
{
    int fd = socket(a->addr.ss_family, SOCK_STREAM, 0);

    if (fd < 0)
        return -1;
    if (set_nonblocking(fd) < 0)
        return close_keeping_errno(fd);
    /* EINPROGRESS is no error: the handshake goes on in the kernel. */
    if (connect(fd, (const struct sockaddr *)&a->addr, a->len) < 0 &&
        errno != EINPROGRESS)
        return close_keeping_errno(fd);
    return fd;
}

int net_connect_result(int fd)
{
    int error = 0;
    socklen_t len = sizeof error;

    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) < 0)
        return -1;
    if (error != 0) {
        errno = error;          /* what a blocking connect() would have said */
        return -1;
    }
    return 0;
}
/* DOC: end */

int net_local_address(int fd, net_address *a)
{
    a->len = sizeof a->addr;
    return getsockname(fd, (struct sockaddr *)&a->addr, &a->len);
}

int net_host_port(const net_address *a, char host[NET_HOST_MAX], int *port)
{
    char service[16];

    if (getnameinfo((const struct sockaddr *)&a->addr, a->len, host,
                    NET_HOST_MAX, service, sizeof service,
                    NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
        errno = EINVAL;         /* only an address of an unknown family */
        return -1;
    }
    *port = atoi(service);
    return 0;
}
