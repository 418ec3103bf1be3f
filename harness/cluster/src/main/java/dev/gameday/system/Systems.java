package dev.gameday.system;

import dev.gameday.experiment.ExperimentException;
import dev.gameday.experiment.LoadedExperiment;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The systems installed on the class path, by name: every {@link SystemAdapter} listed in a
 * {@code META-INF/services/dev.gameday.system.SystemAdapter} file. A module that adds a system adds its adapter
 * class and that one line; the runs find it from the experiment's {@code system:} field.
 */
public final class Systems {

    private final Map<String, SystemAdapter> byName = new TreeMap<>();

    Systems(List<SystemAdapter> adapters) {
        for (SystemAdapter adapter : adapters) {
            SystemAdapter before = byName.putIfAbsent(adapter.name(), adapter);
            if (before != null) {
                throw new IllegalStateException("two systems are named '" + adapter.name() + "': "
                        + before.getClass().getName() + " and "
                        + adapter.getClass().getName());
            }
        }
    }

    /** Every system whose adapter is registered on this class path. */
    public static Systems installed() {
        return new Systems(ServiceLoader.load(SystemAdapter.class, SystemAdapter.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .toList());
    }

    /** The names experiment files may give in {@code system:}, sorted. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The system registered under {@code name}, for commands that take systems by name; unknown is refused. */
    public SystemAdapter named(String name) {
        SystemAdapter adapter = byName.get(name);
        if (adapter == null) {
            throw new IllegalArgumentException(
                    "unknown system '" + name + "'; known systems: " + String.join(", ", names()));
        }
        return adapter;
    }

    /** The system the experiment names; an unknown name is a problem of the file, at the {@code system:} line. */
    public SystemAdapter of(LoadedExperiment loaded) throws ExperimentException {
        String name = loaded.experiment().system();
        SystemAdapter adapter = byName.get(name);
        if (adapter == null) {
            LoadedExperiment.ProblemCollector problems = loaded.problems();
            problems.add("/system", "unknown system '" + name + "'; known systems: " + String.join(", ", names()));
            problems.throwIfAny();
        }
        return adapter;
    }
}
