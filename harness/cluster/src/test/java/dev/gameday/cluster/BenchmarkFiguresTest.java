package dev.gameday.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.cluster.BenchmarkPhase.Load;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchmarkFiguresTest {

    private static BenchmarkFigures figures(
            String system, String op, Load load, long answered, double p50, double p99) {
        return new BenchmarkFigures(
                system,
                op,
                load,
                answered,
                2,
                op.equals("cas") ? answered / 4 : 0,
                20.0,
                p50,
                p99,
                0.5,
                Map.of("fault-proxy", 0.25, system, p50 / 10),
                3.2);
    }

    @Test
    void throughputIsAnsweredCallsPerSecondAndRatiosAreFirstOverOther() {
        BenchmarkFigures store = figures("gameday-store", "write", Load.SATURATION, 6000, 40, 120);
        BenchmarkFigures etcd = figures("etcd", "write", Load.SATURATION, 8000, 20, 60);

        assertEquals(300, store.throughput(), 1e-9);
        assertEquals(0.75, BenchmarkFigures.ratio(store.throughput(), etcd.throughput()), 1e-9);
        assertEquals("0.75x", BenchmarkFigures.times(0.75));
        assertEquals("n/a", BenchmarkFigures.times(BenchmarkFigures.ratio(1, 0)), "nothing to divide by");
        assertEquals("n/a", BenchmarkFigures.times(BenchmarkFigures.ratio(Double.NaN, 2)), "no calls answered");
    }

    @Test
    void theTableHasARowPerSystemAndLoadAndARatioRowWithTheSystemsInTheOrderGiven() {
        List<BenchmarkFigures> all = List.of(
                figures("etcd", "write", Load.CANARY_RATE, 1200, 2, 8),
                figures("gameday-store", "write", Load.CANARY_RATE, 1200, 4, 16),
                figures("gameday-store", "write", Load.SATURATION, 6000, 40, 120),
                figures("etcd", "write", Load.SATURATION, 8000, 20, 60),
                figures("gameday-store", "cas", Load.SATURATION, 4000, 10, 30),
                figures("etcd", "cas", Load.SATURATION, 2000, 10, 30));

        String table = BenchmarkFigures.table(all, List.of("gameday-store", "etcd"));

        assertTrue(
                table.contains(
                        "  gameday-store/etcd   canary rate       1.00x     2.00x     2.00x                1.44x\n"),
                "equal throughput, twice the latency, the CPU per call summed over roles:\n" + table);
        assertTrue(
                table.contains(
                        "  gameday-store/etcd   saturation        0.75x     2.00x     2.00x                1.89x\n"),
                table);
        assertTrue(
                table.indexOf("gameday-store        saturation") < table.indexOf("etcd                 saturation"),
                "the first system first:\n" + table);
        assertTrue(
                table.contains(
                        "  gameday-store        saturation        200.0      10.0      30.0       2         1.25   25%"),
                table);
        assertTrue(table.contains("\nread "), "every op type has its table, even without figures:\n" + table);
    }

    @Test
    void theTsvHasAHeaderAndALinePerFigure() {
        String tsv = BenchmarkFigures.tsv(List.of(figures("etcd", "read", Load.SATURATION, 8000, 20, 60)));

        assertEquals(
                List.of(
                        "system\top\tload\tanswered\terrors\tcompare_false\tseconds\tcalls_per_s\tp50_ms\tp99_ms"
                                + "\tclient_cpu_ms_per_call\tsystem_cpu_ms_per_call\tsystem_cpu_ms_per_call_by_role\tload_average",
                        "etcd\tread\tsaturation\t8000\t2\t0\t20.0\t400.0\t20.00\t60.00\t0.500\t2.250"
                                + "\tetcd 2.00, fault-proxy 0.25\t3.20"),
                tsv.lines().toList());
    }
}
