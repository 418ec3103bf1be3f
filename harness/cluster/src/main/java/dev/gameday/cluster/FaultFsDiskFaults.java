package dev.gameday.cluster;

import dev.gameday.experiment.DiskSpec;
import dev.gameday.faultfs.FaultFs;
import dev.gameday.faultfs.FaultRules;
import dev.gameday.nemesis.DiskFaults;
import dev.gameday.nemesis.NemesisException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Sick disks of any system whose members run over fault filesystems ({@link FaultFileSystems}): each disk fault
 * becomes rules of the member's fault filesystem on the files the fault names, and its heal clears exactly those
 * rules. A system says where its files are ({@code globs}: a file set as a glob inside a member's data directory).
 */
public final class FaultFsDiskFaults implements DiskFaults {

    private final Function<String, Optional<FaultFs>> faultFs;
    private final Function<DiskSpec.Files, String> globs;
    /** What each disk fault set on each member's fault filesystem, to clear exactly that when it heals. */
    private final Map<RuleOwner, SetRules> set = new ConcurrentHashMap<>();

    private record RuleOwner(int faultId, String node) {}

    private record SetRules(FaultFs fs, List<String> ruleIds, boolean diskFull) {}

    /**
     * @param faultFs a member's fault filesystem, empty if its data directory is a plain one
     * @param globs   a file set as a glob over paths inside a member's data directory, as its fault filesystem sees them
     */
    public FaultFsDiskFaults(Function<String, Optional<FaultFs>> faultFs, Function<DiskSpec.Files, String> globs) {
        this.faultFs = faultFs;
        this.globs = globs;
    }

    @Override
    public List<String> sicken(int faultId, String node, DiskSpec spec) throws NemesisException {
        FaultFs fs = faultFs.apply(node)
                .orElseThrow(() -> new NemesisException("a disk fault on " + node
                        + " needs its fault filesystem, but this cluster's members run on plain directories (its plan"
                        + " had no disk fault and its power-offs are sigkill)"));
        String glob = globs.apply(spec.files());
        List<String> ids = new ArrayList<>();
        FaultRules rules = fs.rules();
        switch (spec.kind()) {
            case SLOW ->
                spec.ops()
                        .forEach(op -> ids.add(rules.addLatency(
                                ruleOp(op),
                                glob,
                                spec.latency(),
                                spec.jitter() == null ? Duration.ZERO : spec.jitter())));
            case ERRORS -> spec.ops().forEach(op -> ids.add(rules.addErrors(ruleOp(op), glob, spec.probability())));
            case FSYNC_GATE -> ids.add(rules.failNextFsync(glob));
            case FULL -> rules.diskFullAfter(spec.afterBytesValue());
        }
        set.put(new RuleOwner(faultId, node), new SetRules(fs, ids, spec.kind() == DiskSpec.Kind.FULL));
        return List.of(node + ": " + spec + " on " + glob);
    }

    @Override
    public void cure(int faultId, String node) {
        SetRules rules = set.remove(new RuleOwner(faultId, node));
        if (rules == null) {
            return;
        }
        rules.ruleIds().forEach(rules.fs().rules()::clear);
        if (rules.diskFull()) {
            rules.fs().rules().clearDiskFull();
        }
    }

    private static FaultRules.Op ruleOp(DiskSpec.Op op) {
        return switch (op) {
            case READ -> FaultRules.Op.READ;
            case WRITE -> FaultRules.Op.WRITE;
            case FSYNC -> FaultRules.Op.FSYNC;
        };
    }
}
