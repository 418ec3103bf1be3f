package dev.gameday.faultproxy.link;

/** Counts the bytes of one direction of a proxy: read from its source, written to its sink. */
public interface Traffic {
    Traffic NONE = new Traffic() {
        @Override
        public void received(long bytes) {}

        @Override
        public void sent(long bytes) {}
    };

    void received(long bytes);

    void sent(long bytes);
}
