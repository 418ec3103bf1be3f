package dev.gameday.checker.durability;

import dev.gameday.checker.InvalidHistoryException;
import dev.gameday.checker.OpSummary;
import dev.gameday.checker.Operation;
import dev.gameday.checker.OperationPairing;
import dev.gameday.checker.Verdict;
import dev.gameday.history.EdnWriter;
import dev.gameday.history.Op;
import dev.gameday.history.OpType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Jepsen's set checker, extended to keys that are overwritten: every acknowledged write must be in
 * the final reads, or superseded by a later write to the same key.
 *
 * <h2>How a history marks its final reads</h2>
 * A final read is an operation with {@code :f :final-read}, issued after the faults have healed and
 * the writers have stopped, through a strongly consistent read. Only its {@code :ok} completion counts;
 * its {@code :value} is what it saw:
 * <ul>
 *   <li>with {@code :key "k"}: the value of key k, nil when the key is absent;</li>
 *   <li>without {@code :key}: a map from key to value for the whole key space (a scan); keys missing
 *       from the map are absent. In a single-register history (no keys at all) a non-map value is the
 *       register's value.</li>
 * </ul>
 * Example: {@code {:index 90, :process 0, :type :ok, :f :final-read, :value {"k1" "v3", "k2" "x 0 0 y"}}}.
 * A final read judges only the writes that completed before it was invoked.
 *
 * <h2>Writes</h2>
 * {@code :write} and {@code :put} replace a key's value; {@code :append} and {@code :add} add to it (a
 * substring of a string value, or an element of a collection). An acknowledged write is
 * <ul>
 *   <li><b>present</b> if every final read covering its key shows it;</li>
 *   <li><b>superseded</b> if not, but another write to the same key explains why: one that may come
 *       after it in real time (it had not completed when this one was invoked), that was acknowledged
 *       or is itself visible, and where one of the two replaces the value (a {@code :put} hides any
 *       earlier write; any later write changes what a {@code :put} left);</li>
 *   <li><b>lost</b> otherwise, with the last ordinary read that saw it and the first that then did not.</li>
 * </ul>
 * <b>Unexpected</b>: a final value (or collection element) that no write that may have happened wrote.
 * Values of keys written by string appends are not checked this way, as they are concatenations.
 * <b>Recovered</b>: a write of unknown outcome that a final read shows.
 */
public final class DurabilityChecker {
    public DurabilityResult check(List<Op> history) throws InvalidHistoryException {
        return checkOperations(OperationPairing.pair(history));
    }

    public DurabilityResult checkOperations(List<Operation> operations) throws InvalidHistoryException {
        FinalReads finals = new FinalReads(operations);
        Map<String, List<Operation>> writesByKey = new LinkedHashMap<>();
        Map<String, List<Operation>> readsByKey = new LinkedHashMap<>();
        for (Operation op : operations) {
            if (WriteKind.of(op.f()) != null) {
                writesByKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
            } else if (op.isOk() && (op.f().equals("read") || op.f().equals("get"))) {
                readsByKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
            }
        }
        Tally tally = new Tally();
        for (Map.Entry<String, List<Operation>> key : writesByKey.entrySet()) {
            List<FinalRead> keyFinals = finals.forKey(key.getKey());
            List<Operation> reads = readsByKey.getOrDefault(key.getKey(), List.of());
            for (Operation write : key.getValue()) {
                judgeWrite(write, key.getValue(), keyFinals, reads, tally);
            }
        }
        for (FinalRead observed : finals.observed()) {
            findUnexpected(observed, writesByKey.getOrDefault(observed.key(), List.of()), tally);
        }
        return tally.result(finals.count());
    }

    private static void judgeWrite(
            Operation write, List<Operation> keyWrites, List<FinalRead> keyFinals, List<Operation> reads, Tally tally) {
        WriteKind kind = WriteKind.of(write.f());
        if (write.outcome() == OpType.FAIL) {
            return;
        }
        if (!write.isOk()) {
            if (keyFinals.stream().anyMatch(r -> kind.visibleIn(r.value(), write.input()))) {
                tally.recovered.add(OpSummary.of(write));
            }
            return;
        }
        tally.acknowledged++;
        List<FinalRead> judges = keyFinals.stream()
                .filter(r -> r.read().invokeIndex() > write.completeIndex())
                .toList();
        if (judges.isEmpty()) {
            tally.unverified.add(OpSummary.of(write));
            return;
        }
        FinalRead missing = judges.stream()
                .filter(r -> !kind.visibleIn(r.value(), write.input()))
                .findFirst()
                .orElse(null);
        if (missing == null) {
            tally.present++;
        } else if (keyWrites.stream().anyMatch(other -> supersedes(other, write, missing.value()))) {
            tally.superseded++;
        } else {
            tally.lost.add(lostWrite(write, kind, missing, reads));
        }
    }

    /** Whether {@code later} may have legitimately hidden {@code write} from a final value. */
    private static boolean supersedes(Operation later, Operation write, Object finalValue) {
        if (later == write || later.outcome() == OpType.FAIL || later.completeIndex() < write.invokeIndex()) {
            return false;
        }
        WriteKind laterKind = WriteKind.of(later.f());
        boolean replaces = laterKind == WriteKind.REPLACE || WriteKind.of(write.f()) == WriteKind.REPLACE;
        return replaces && (later.isOk() || laterKind.visibleIn(finalValue, later.input()));
    }

    private static LostWrite lostWrite(Operation write, WriteKind kind, FinalRead missing, List<Operation> reads) {
        Operation lastSeen = null;
        Operation firstMissing = null;
        for (Operation read : reads) {
            if (read.invokeIndex() < write.completeIndex()) {
                continue;
            }
            if (kind.visibleIn(read.output(), write.input())) {
                lastSeen = read;
                firstMissing = null;
            } else if (firstMissing == null) {
                firstMissing = read;
            }
        }
        return new LostWrite(
                OpSummary.of(write),
                EdnWriter.write(missing.value()),
                OpSummary.of(missing.read()),
                lastSeen == null ? null : OpSummary.of(lastSeen),
                firstMissing == null ? null : OpSummary.of(firstMissing));
    }

    private static void findUnexpected(FinalRead observed, List<Operation> keyWrites, Tally tally) {
        if (observed.value() == null) {
            return;
        }
        boolean appendsStrings = keyWrites.stream().anyMatch(w -> WriteKind.of(w.f()) == WriteKind.ELEMENT)
                && observed.value() instanceof String;
        if (appendsStrings) {
            return;
        }
        Collection<?> values = observed.value() instanceof Collection<?> elements
                        && keyWrites.stream().anyMatch(w -> WriteKind.of(w.f()) == WriteKind.ELEMENT)
                ? elements
                : List.of(observed.value());
        for (Object value : values) {
            List<Operation> writers = keyWrites.stream()
                    .filter(w -> Objects.equals(w.input(), value))
                    .toList();
            if (writers.stream().allMatch(w -> w.outcome() == OpType.FAIL)) {
                String reason = writers.isEmpty() ? "never written" : "written only by :fail operations";
                tally.unexpected.add(new UnexpectedValue(
                        observed.key(), EdnWriter.write(value), reason, OpSummary.of(observed.read())));
            }
        }
    }

    /** Counts and lists as the checker goes. */
    private static final class Tally {
        int acknowledged;
        int present;
        int superseded;
        final List<LostWrite> lost = new ArrayList<>();
        final List<UnexpectedValue> unexpected = new ArrayList<>();
        final List<OpSummary> recovered = new ArrayList<>();
        final List<OpSummary> unverified = new ArrayList<>();

        DurabilityResult result(int finalReads) {
            Verdict verdict;
            String reason = null;
            if (!lost.isEmpty() || !unexpected.isEmpty()) {
                verdict = Verdict.INVALID;
            } else if (finalReads == 0) {
                verdict = Verdict.UNKNOWN;
                reason = "the history has no :ok :final-read operation";
            } else if (!unverified.isEmpty()) {
                verdict = Verdict.UNKNOWN;
                reason = unverified.size() + " acknowledged writes are covered by no final read invoked after them";
            } else {
                verdict = Verdict.VALID;
            }
            return new DurabilityResult(
                    verdict,
                    reason,
                    acknowledged,
                    finalReads,
                    present,
                    superseded,
                    lost,
                    unexpected,
                    recovered,
                    unverified);
        }
    }
}
