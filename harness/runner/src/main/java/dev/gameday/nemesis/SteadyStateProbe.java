package dev.gameday.nemesis;

import java.util.List;

/**
 * Whether the system is whole again: the state every fault of an experiment assumes when it starts
 * (every member up, every replication group led, every replica caught up). The nemesis waits for it,
 * with a deadline, before each fault that does not overlap another, as Chaos Toolkit checks its
 * steady-state hypothesis before its method: a fault injected while the last one's node is still
 * replaying its log takes a second replica of a group down, and the run then tests a premise the
 * experiment never stated.
 */
public interface SteadyStateProbe {

    /** A probe for systems that have nothing to wait for: always steady. */
    SteadyStateProbe ALWAYS = () -> new Wait() {
        @Override
        public List<String> missing() {
            return List.of();
        }

        @Override
        public List<String> describe() {
            return List.of();
        }
    };

    /** Starts a wait: fixes what "caught up" means from now on (e.g. each group's commit index now). */
    Wait begin();

    /** One wait for the steady state. */
    interface Wait {
        /**
         * What is not steady yet, one short line each (e.g. {@code data-1: az2-storage-1 applied 310 of 402});
         * empty once steady. An unreachable member is a line, not an exception.
         */
        List<String> missing();

        /** The system as it is now, one line each (e.g. each group's leader and replicas), for nemesis.log. */
        List<String> describe();
    }
}
