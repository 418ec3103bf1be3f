package dev.gameday.store.server.meta;

import dev.gameday.store.protocol.TableDescription;
import dev.gameday.store.server.message.Wire;
import java.util.ArrayList;
import java.util.List;

/**
 * A table and its partition map: partition i of the table lives in data replication group
 * {@code groupOfPartition.get(i)}.
 */
public record TableRoute(TableDescription table, List<Integer> groupOfPartition) {
    public int group(int partition) {
        return groupOfPartition.get(partition);
    }

    public byte[] encode() {
        Wire.Writer w = new Wire.Writer().blob(table.encode()).i32(groupOfPartition.size());
        groupOfPartition.forEach(w::i32);
        return w.toBytes();
    }

    public static TableRoute decode(byte[] bytes) {
        return read(new Wire.Reader(bytes));
    }

    static TableRoute read(Wire.Reader r) {
        TableDescription table = TableDescription.decode(r.blob());
        int n = r.i32();
        List<Integer> groups = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            groups.add(r.i32());
        }
        return new TableRoute(table, List.copyOf(groups));
    }
}
