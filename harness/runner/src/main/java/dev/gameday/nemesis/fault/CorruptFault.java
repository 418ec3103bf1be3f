package dev.gameday.nemesis.fault;

import dev.gameday.experiment.ClusterShape;
import dev.gameday.experiment.CorruptionSpec;
import dev.gameday.experiment.FaultSpec;
import dev.gameday.experiment.LoadedExperiment.ProblemCollector;
import dev.gameday.nemesis.Corruption;
import dev.gameday.nemesis.Disk;
import dev.gameday.nemesis.NemesisException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code corrupt}: bytes changed in a replica's files or an archived segment ({@link CorruptionSpec});
 * never undone, since finding and repairing them is the store's job.
 */
public final class CorruptFault implements Fault<Disk> {

    @Override
    public Class<Disk> capability() {
        return Disk.class;
    }

    @Override
    public String detailField() {
        return "corrupt";
    }

    @Override
    public Object detail(FaultSpec spec) {
        return spec.corrupt();
    }

    @Override
    public String noTargetBecause(FaultSpec spec) {
        return archive(spec) ? "an archive corruption hits no node: remove the target" : null;
    }

    @Override
    public void validate(String at, FaultSpec fault, ClusterShape cluster, ProblemCollector problems) {
        CorruptionSpec c = fault.corrupt();
        if (c == null) {
            return;
        }
        if (c.where() == null) {
            problems.add(at + "/corrupt/where", "missing: item-files, log-tail or archive");
        }
        if (c.how() == null) {
            problems.add(at + "/corrupt/how", "missing: flip-bits, zero-block or truncate");
        }
        if (c.where() == CorruptionSpec.Where.ARCHIVE && c.when() == CorruptionSpec.When.AT_REST) {
            problems.add(at + "/corrupt/when", "the archive is a service that never powers off: use live");
        }
        if (c.where() == CorruptionSpec.Where.LOG_TAIL && c.when() == CorruptionSpec.When.LIVE) {
            problems.add(
                    at + "/corrupt/when",
                    "the Raft log is only read back when a node starts: corrupt its tail" + " at-rest");
        }
    }

    @Override
    public String what(FaultSpec spec) {
        return spec.type() + (spec.corrupt() == null ? "" : " " + spec.corrupt());
    }

    @Override
    public String withoutTarget() {
        return "archive";
    }

    @Override
    public List<String> inject(Disk disk, FaultContext context) throws NemesisException {
        CorruptionSpec spec = context.fault().spec().corrupt();
        int id = context.fault().id();
        List<Corruption> done = new ArrayList<>();
        if (spec.where() == CorruptionSpec.Where.ARCHIVE) {
            done.addAll(disk.corrupt(id, null, spec));
        } else {
            for (String node : context.nodes()) {
                done.addAll(disk.corrupt(id, node, spec));
            }
        }
        done.forEach(context.corrupted());
        return done.stream().map(Corruption::toString).toList();
    }

    /** Corrupted bytes stay; a node that was off for an at-rest corruption comes back. */
    @Override
    public void heal(Disk disk, FaultContext context) throws NemesisException {
        if (context.fault().spec().corrupt().when() == CorruptionSpec.When.AT_REST) {
            for (String node : context.nodes()) {
                disk.powerOn(node);
            }
        }
    }

    private static boolean archive(FaultSpec spec) {
        return spec.corrupt() != null && spec.corrupt().where() == CorruptionSpec.Where.ARCHIVE;
    }
}
