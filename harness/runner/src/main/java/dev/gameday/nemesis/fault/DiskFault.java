package dev.gameday.nemesis.fault;

import dev.gameday.experiment.ClusterShape;
import dev.gameday.experiment.DiskSpec;
import dev.gameday.experiment.DiskSpec.Kind;
import dev.gameday.experiment.FaultSpec;
import dev.gameday.experiment.LoadedExperiment.ProblemCollector;
import dev.gameday.nemesis.DiskFaults;
import dev.gameday.nemesis.NemesisException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code disk}: a slow disk, I/O errors, an fsync gate or a full disk under the target nodes ({@link DiskSpec}),
 * through their fault filesystems; healed when the fault ends.
 */
public final class DiskFault implements Fault<DiskFaults> {

    /** Beyond this a delay is an outage, which pause and power-off model better. */
    static final Duration MAX_LATENCY = Duration.ofSeconds(10);

    @Override
    public Class<DiskFaults> capability() {
        return DiskFaults.class;
    }

    @Override
    public String detailField() {
        return "disk";
    }

    @Override
    public Object detail(FaultSpec spec) {
        return spec.disk();
    }

    @Override
    public void validate(String at, FaultSpec fault, ClusterShape cluster, ProblemCollector problems) {
        DiskSpec d = fault.disk();
        if (d == null) {
            return;
        }
        String here = at + "/disk";
        if (d.kind() == null) {
            problems.add(here + "/kind", "missing: slow, errors, fsync-gate or full");
            return;
        }
        boolean slow = d.kind() == Kind.SLOW;
        boolean errors = d.kind() == Kind.ERRORS;
        boolean full = d.kind() == Kind.FULL;
        onlyFor(here + "/latency", d.latency() != null, slow, "slow", d.kind(), problems);
        onlyFor(here + "/jitter", d.jitter() != null, slow, "slow", d.kind(), problems);
        onlyFor(here + "/probability", d.probability() != null, errors, "errors", d.kind(), problems);
        onlyFor(here + "/afterBytes", d.afterBytes() != null, full, "full", d.kind(), problems);
        if (slow) {
            if (d.latency() == null) {
                problems.add(here + "/latency", "missing: how much slower each operation is, e.g. 200ms");
            } else if (d.latency().isNegative()
                    || d.latency().isZero()
                    || d.latency().compareTo(MAX_LATENCY) > 0) {
                problems.add(here + "/latency", "must be above 0 and at most " + MAX_LATENCY.toSeconds() + "s");
            }
            if (d.jitter() != null
                    && (d.jitter().isNegative()
                            || (d.latency() != null && d.jitter().compareTo(d.latency()) > 0))) {
                problems.add(here + "/jitter", "must be between 0 and the latency");
            }
        }
        if (errors && (d.probability() == null || !(d.probability() > 0 && d.probability() <= 1))) {
            problems.add(here + "/probability", "must be above 0 and at most 1, the chance an operation fails");
        }
        if (d.kind() == Kind.FSYNC_GATE && !d.ops().equals(List.of(DiskSpec.Op.FSYNC))) {
            problems.add(here + "/ops", "an fsync gate fails fsyncs only: leave ops out or say [fsync]");
        }
        if (full) {
            if (d.afterBytes() == null) {
                problems.add(here + "/afterBytes", "missing: how much more the node may write, e.g. 4MB");
            } else if (d.afterBytesValue() < 0) {
                problems.add(here + "/afterBytes", "'" + d.afterBytes() + "' is not a size: e.g. 4MB, 512KiB, 1000");
            }
            if (d.files() != DiskSpec.Files.ALL) {
                problems.add(here + "/files", "a full disk is full for every file: leave files out");
            }
        }
    }

    private static void onlyFor(
            String at, boolean present, boolean allowed, String kind, Kind actual, ProblemCollector problems) {
        if (present && !allowed) {
            problems.add(
                    at, "only a disk fault of kind " + kind + " takes this field; this one is " + actual.yamlName());
        }
    }

    @Override
    public String what(FaultSpec spec) {
        return spec.type() + (spec.disk() == null ? "" : " " + spec.disk());
    }

    @Override
    public List<String> inject(DiskFaults disks, FaultContext context) throws NemesisException {
        List<String> set = new ArrayList<>();
        for (String node : context.nodes()) {
            set.addAll(disks.sicken(
                    context.fault().id(), node, context.fault().spec().disk()));
        }
        return set;
    }

    @Override
    public void heal(DiskFaults disks, FaultContext context) throws NemesisException {
        for (String node : context.nodes()) {
            disks.cure(context.fault().id(), node);
        }
    }
}
