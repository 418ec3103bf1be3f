package dev.gameday.store.server.node;

/**
 * What a data replication group's log carries: item writes and scrub markers. Each encodes to bytes that
 * {@link Envelope} frames with a checksum.
 */
public sealed interface DataCommand {
  byte[] encode();

  /** A validated item write for one partition of one table (ItemWrite bytes from the protocol module). */
  record Write(String table, int partition, byte[] itemWrite) implements DataCommand {
    @Override
    public byte[] encode() {
      return new Wire.Writer().u8(1).str(table).i32(partition).blob(itemWrite).toBytes();
    }
  }

  /** Asks every replica to checksum its items at exactly this point of the log. */
  record ScrubMarker(String scrubId) implements DataCommand {
    @Override
    public byte[] encode() {
      return new Wire.Writer().u8(2).str(scrubId).toBytes();
    }
  }

  static DataCommand decode(byte[] bytes) {
    Wire.Reader r = new Wire.Reader(bytes);
    int type = r.u8();
    return switch (type) {
      case 1 -> new Write(r.str(), r.i32(), r.blob());
      case 2 -> new ScrubMarker(r.str());
      default -> throw new IllegalArgumentException("unknown data command type " + type);
    };
  }
}
