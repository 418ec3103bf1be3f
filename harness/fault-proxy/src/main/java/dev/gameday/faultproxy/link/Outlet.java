package dev.gameday.faultproxy.link;

/** Where a toxic stage sends what it releases, and how it ends its connection. */
public interface Outlet {
    /** Passes the chunk to the next stage, or to the socket when the stage is the last one. */
    void emit(Chunk chunk);

    /** Drops the chunk for good (a timeout swallowing data), releasing its share of the link's buffer. */
    void discard(Chunk chunk);

    /** Aborts the connection with a TCP reset on both sockets. */
    void reset();
}
