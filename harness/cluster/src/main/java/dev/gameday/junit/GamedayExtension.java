package dev.gameday.junit;

import dev.gameday.cluster.ContainerRun;
import dev.gameday.experiment.ExperimentLoader;
import dev.gameday.experiment.TimeScale;
import dev.gameday.report.Results;
import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.system.RunningSystem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs the class's {@link GamedayExperiment} before its tests, keeps the healed cluster running while
 * they run (JUnit closes it after the class, which removes every container), and resolves
 * parameters of type {@link Results}, {@link ContainerRun.Result} and {@link RunningSystem}, or the running
 * system's own type (the Gameday store's: {@link dev.gameday.cluster.RunningGamedayStore}).
 */
public final class GamedayExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(GamedayExtension.class);
    private static final String RUNNING = "running";

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        GamedayExperiment experiment = context.getRequiredTestClass().getAnnotation(GamedayExperiment.class);
        if (experiment == null) {
            throw new IllegalStateException(
                    context.getRequiredTestClass() + " uses GamedayExtension without @GamedayExperiment");
        }
        Path repo = Path.of(System.getProperty("gameday.repo.dir", ".")).toAbsolutePath();
        TimeScale scale =
                experiment.timeScale() > 0 ? new TimeScale(experiment.timeScale()) : TimeScale.fromSystemProperty();
        ContainerRun run = new ContainerRun(
                        new ExperimentLoader().load(repo.resolve(experiment.value())),
                        scale,
                        BugSwitches.of(experiment.storeBugs()),
                        repo.resolve("target").resolve("gameday"))
                .withClientBugs(List.of(experiment.clientBugs()));
        switch (experiment.powerOff().length) {
            case 0 -> {} // the system's default
            case 1 -> run.powerOff(experiment.powerOff()[0]);
            default ->
                throw new IllegalStateException(context.getRequiredTestClass() + ": @GamedayExperiment powerOff "
                        + "takes at most one mode, got " + List.of(experiment.powerOff()));
        }
        // An AutoCloseable in the class-level store is closed by JUnit when the class is done.
        context.getStore(NAMESPACE).put(RUNNING, run.executeAndKeepRunning());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ContainerRun.Result.class || type == Results.class || RunningSystem.class.isAssignableFrom(type);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ContainerRun.Running running = context.getStore(NAMESPACE).get(RUNNING, ContainerRun.Running.class);
        if (running == null) {
            throw new ParameterResolutionException("the experiment did not run; see the class's setup failure");
        }
        Class<?> type = parameter.getParameter().getType();
        if (RunningSystem.class.isAssignableFrom(type) && !type.isInstance(running.system())) {
            throw new ParameterResolutionException("the experiment runs "
                    + running.system().getClass().getSimpleName() + ", not " + type.getSimpleName());
        }
        return type == Results.class
                ? running.result().results()
                : type == ContainerRun.Result.class ? running.result() : running.system();
    }
}
