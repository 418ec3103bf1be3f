package dev.gameday.nemesis;

import dev.gameday.experiment.FaultType;
import java.util.List;

/** Power and pause faults: signals to the storage nodes' processes, through the {@link Cluster}. */
public final class ProcessNemesis implements Nemesis {
    private final Cluster cluster;

    public ProcessNemesis(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public void inject(FaultType type, List<String> nodes) throws NemesisException {
        for (String node : nodes) {
            switch (type) {
                case POWER_OFF -> cluster.powerOff(node);
                case PAUSE -> cluster.pause(node);
            }
        }
    }

    @Override
    public void heal(FaultType type, List<String> nodes) throws NemesisException {
        for (String node : nodes) {
            switch (type) {
                case POWER_OFF -> cluster.powerOn(node);
                case PAUSE -> cluster.resume(node);
            }
        }
    }
}
