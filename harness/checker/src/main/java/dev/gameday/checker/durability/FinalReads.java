package dev.gameday.checker.durability;

import dev.gameday.checker.InvalidHistoryException;
import dev.gameday.checker.Operation;
import dev.gameday.history.EdnWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The :ok final reads of a history (see {@link DurabilityChecker} for how they are marked). */
final class FinalReads {
    static final String FUNCTION = "final-read";

    private final List<FinalRead> keyed = new ArrayList<>();
    private final List<Operation> scans = new ArrayList<>();

    FinalReads(List<Operation> operations) throws InvalidHistoryException {
        for (Operation op : operations) {
            if (!op.f().equals(FUNCTION) || !op.isOk()) {
                continue;
            }
            if (op.key() == null && op.output() instanceof Map<?, ?> scan) {
                requireStringKeys(op, scan);
                scans.add(op);
            } else {
                keyed.add(new FinalRead(op.key(), op.output(), op));
            }
        }
    }

    private static void requireStringKeys(Operation op, Map<?, ?> scan) throws InvalidHistoryException {
        for (Object key : scan.keySet()) {
            if (!(key instanceof String)) {
                throw new InvalidHistoryException("op index " + op.completion().index()
                        + ": final-read scan keys must be strings, got " + EdnWriter.write(key));
            }
        }
    }

    /** How many final read operations there are. */
    int count() {
        return keyed.size() + scans.size();
    }

    /** What each final read covering {@code key} saw for it; a scan that lacks the key saw it absent. */
    List<FinalRead> forKey(String key) {
        List<FinalRead> reads = new ArrayList<>();
        for (FinalRead read : keyed) {
            if (Objects.equals(read.key(), key)) {
                reads.add(read);
            }
        }
        if (key != null) {
            for (Operation scan : scans) {
                reads.add(new FinalRead(key, ((Map<?, ?>) scan.output()).get(key), scan));
            }
        }
        return reads;
    }

    /** Every present (key, value) any final read saw. */
    List<FinalRead> observed() {
        List<FinalRead> reads = new ArrayList<>(keyed);
        for (Operation scan : scans) {
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) scan.output()).entrySet()) {
                reads.add(new FinalRead((String) entry.getKey(), entry.getValue(), scan));
            }
        }
        return reads;
    }
}
