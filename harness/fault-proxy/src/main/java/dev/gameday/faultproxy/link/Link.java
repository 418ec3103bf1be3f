package dev.gameday.faultproxy.link;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One direction of one proxied connection: bytes read from {@code source} pass through a chain of
 * toxic stages and are written to {@code sink}.
 *
 * <p>Memory is bounded: once {@link #PAUSE_READING_BYTES} are buffered in the chain and the outbox,
 * the link stops reading its source (TCP flow control then slows the sender) until the backlog falls
 * under {@link #RESUME_READING_BYTES}; the backlog can overshoot the bound by at most one read.
 * When the end-of-stream marker reaches the socket, the whole connection closes, as in Toxiproxy.
 */
final class Link {
    static final long PAUSE_READING_BYTES = 1024 * 1024;
    static final long RESUME_READING_BYTES = PAUSE_READING_BYTES / 2;
    private static final int MAX_READS_PER_EVENT = 4;

    private final Connection connection;
    private final EventLoop loop;
    private final SocketChannel source;
    private final SocketChannel sink;
    private final List<Stage> stages;
    private final Traffic traffic;
    /** Released chunks waiting for the sink socket, oldest first. */
    private final ArrayDeque<Chunk> outbox = new ArrayDeque<>();

    private long bufferedBytes;
    private boolean sourceEnded;
    private boolean readPaused;
    private boolean writeBlocked;
    private long scheduledWake = Stage.NEVER;

    Link(
            Connection connection,
            EventLoop loop,
            SocketChannel source,
            SocketChannel sink,
            List<Stage> stages,
            Traffic traffic) {
        this.connection = connection;
        this.loop = loop;
        this.source = source;
        this.sink = sink;
        this.stages = new ArrayList<>(stages);
        this.traffic = traffic;
    }

    boolean wantsRead() {
        // Without toxics, read only once the last read is out: bytes then go socket to socket
        // through the read buffer and are hardly ever copied onto the heap.
        boolean passThroughBacklog = stages.isEmpty() && !outbox.isEmpty();
        return !sourceEnded && !readPaused && !passThroughBacklog;
    }

    boolean wantsWrite() {
        return writeBlocked;
    }

    void onReadable() {
        // A bulk transfer on the fast path keeps reading without going back to the selector in between.
        for (int reads = 0; reads < MAX_READS_PER_EVENT && readOnce(); reads++) {
            // readOnce did the work
        }
    }

    /** Reads once and passes the bytes on; true if the read filled the buffer and went straight out. */
    private boolean readOnce() {
        long now = System.nanoTime();
        ByteBuffer scratch = loop.readBuffer();
        int read;
        try {
            read = source.read(scratch);
            scratch.flip();
            if (read > 0) {
                traffic.received(read);
            }
            if (read > 0 && stages.isEmpty() && outbox.isEmpty() && connection.isConnected()) {
                // Nothing to delay and nothing queued: write straight from the read buffer, no copy.
                traffic.sent(sink.write(scratch));
            }
        } catch (IOException e) {
            connection.close();
            return false;
        }
        boolean passedStraight = read == scratch.capacity() && !scratch.hasRemaining();
        if (read < 0) {
            sourceEnded = true;
            deliver(0, Chunk.end(), now);
        } else if (scratch.hasRemaining()) {
            ByteBuffer copy = ByteBuffer.allocate(scratch.remaining());
            copy.put(scratch).flip();
            bufferedBytes += copy.remaining();
            deliver(0, Chunk.data(copy), now);
        }
        pump(now);
        return passedStraight && connection.isOpen();
    }

    void onWritable() {
        pump(System.nanoTime());
    }

    /** Appends a stage at the end of the chain: bytes already released to the outbox stay ahead of it. */
    void addStage(Stage stage) {
        stages.add(stage);
        pump(System.nanoTime());
    }

    /** Puts an updated stage in place of the old one, handing it what the old one held. */
    void replaceStage(int index, Stage stage) {
        long now = System.nanoTime();
        Stage old = stages.set(index, stage);
        for (Chunk chunk : old.drain()) {
            stage.accept(chunk, now);
        }
        pump(now);
    }

    /** Takes a stage out, passing what it held on to the next one (its data was earlier than the next one's input). */
    void removeStage(int index) {
        long now = System.nanoTime();
        Stage old = stages.remove(index);
        for (Chunk chunk : old.drain()) {
            deliver(index, chunk, now);
        }
        if (old.endsStreamWhenRemoved()) {
            deliver(index, Chunk.end(), now);
        }
        pump(now);
    }

    /** Starts moving data once the connection's sockets are usable. */
    void start() {
        pump(System.nanoTime());
    }

    private void deliver(int stageIndex, Chunk chunk, long now) {
        if (stageIndex < stages.size()) {
            stages.get(stageIndex).accept(chunk, now);
        } else {
            outbox.add(chunk);
        }
    }

    /** Advances every stage in chain order (so output of one is seen by the next), then writes what is ready. */
    private void pump(long now) {
        long wake = Stage.NEVER;
        for (int i = 0; i < stages.size() && connection.isOpen(); i++) {
            wake = Math.min(wake, stages.get(i).advance(now, new StageOutlet(i + 1, now)));
        }
        if (!connection.isOpen()) {
            return;
        }
        flush();
        if (!connection.isOpen()) {
            return;
        }
        readPaused = bufferedBytes >= PAUSE_READING_BYTES || (readPaused && bufferedBytes > RESUME_READING_BYTES);
        wakeAt(wake);
        connection.updateInterest();
    }

    private void flush() {
        while (!outbox.isEmpty()) {
            Chunk chunk = outbox.peek();
            if (chunk.isEnd()) {
                connection.close();
                return;
            }
            if (!connection.isConnected()) {
                return; // the upstream connect is still in flight; writes resume from start()
            }
            int before = chunk.size();
            try {
                sink.write(chunk.data());
            } catch (IOException e) {
                connection.close();
                return;
            }
            bufferedBytes -= before - chunk.size();
            traffic.sent(before - chunk.size());
            if (chunk.size() > 0) {
                writeBlocked = true;
                return;
            }
            outbox.poll();
        }
        writeBlocked = false;
    }

    private void wakeAt(long wake) {
        if (wake < scheduledWake) {
            scheduledWake = wake;
            loop.schedule(wake, this::onTimer);
        }
    }

    private void onTimer() {
        if (!connection.isOpen()) {
            return;
        }
        long now = System.nanoTime();
        if (now >= scheduledWake) {
            scheduledWake = Stage.NEVER;
        }
        pump(now);
    }

    /** What stage {@code next - 1} releases goes to stage {@code next}, or to the outbox after the last stage. */
    private final class StageOutlet implements Outlet {
        private final int next;
        private final long now;

        StageOutlet(int next, long now) {
            this.next = next;
            this.now = now;
        }

        @Override
        public void emit(Chunk chunk) {
            deliver(next, chunk, now);
        }

        @Override
        public void discard(Chunk chunk) {
            bufferedBytes -= chunk.size();
        }

        @Override
        public void reset() {
            connection.reset();
        }
    }
}
