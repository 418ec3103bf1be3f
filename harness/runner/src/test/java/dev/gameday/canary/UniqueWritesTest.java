package dev.gameday.canary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gameday.history.HistoryReader;
import dev.gameday.history.Op;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UniqueWritesTest {
    @Test
    void keepsUniqueWritesAndRestrictsFinalReads() throws Exception {
        List<Op> history = HistoryReader.parse("""
                {:index 0, :time 0, :process 0, :type :invoke, :f :write, :key "r0", :value 3}
                {:index 1, :time 1, :process 0, :type :ok, :f :write, :key "r0", :value 3}
                {:index 2, :time 2, :process 1, :type :invoke, :f :write, :key "u-a-0", :value 0}
                {:index 3, :time 3, :process 1, :type :ok, :f :write, :key "u-a-0", :value 0}
                {:index 4, :time 4, :process 0, :type :invoke, :f :cas, :key "r0", :value [3 4]}
                {:index 5, :time 5, :process 0, :type :ok, :f :cas, :key "r0", :value [3 4]}
                {:index 6, :time 6, :process 2, :type :invoke, :f :final-read, :value nil}
                {:index 7, :time 7, :process 2, :type :ok, :f :final-read, :value {"r0" 4, "u-a-0" 0}}
                """);
        List<Op> view = UniqueWrites.of(history);
        assertEquals(List.of(2L, 3L, 6L, 7L), view.stream().map(Op::index).toList());
        assertEquals(Map.of("u-a-0", 0L), view.get(3).value());
    }
}
