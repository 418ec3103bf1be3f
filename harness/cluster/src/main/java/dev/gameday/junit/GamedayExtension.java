package dev.gameday.junit;

import dev.gameday.cluster.ContainerRun;
import dev.gameday.experiment.ExperimentLoader;
import dev.gameday.experiment.TimeScale;
import dev.gameday.junit.GamedayExperiment.StoreBug;
import dev.gameday.report.Results;
import dev.gameday.store.server.bugs.BugSwitches;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Runs the class's {@link GamedayExperiment} before its tests and resolves the result parameters. */
public final class GamedayExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(GamedayExtension.class);
  private static final String RESULT = "result";

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    GamedayExperiment experiment = context.getRequiredTestClass().getAnnotation(GamedayExperiment.class);
    if (experiment == null) {
      throw new IllegalStateException(context.getRequiredTestClass() + " uses GamedayExtension without @GamedayExperiment");
    }
    Path repo = Path.of(System.getProperty("gameday.repo.dir", ".")).toAbsolutePath();
    TimeScale scale = experiment.timeScale() > 0 ? new TimeScale(experiment.timeScale()) : TimeScale.fromSystemProperty();
    ContainerRun run = new ContainerRun(new ExperimentLoader().load(repo.resolve(experiment.value())), scale,
        bugSwitches(experiment.storeBugs()), repo.resolve("target").resolve("gameday"));
    context.getStore(NAMESPACE).put(RESULT, run.execute());
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == ContainerRun.Result.class || type == Results.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ContainerRun.Result result = context.getStore(NAMESPACE).get(RESULT, ContainerRun.Result.class);
    if (result == null) {
      throw new ParameterResolutionException("the experiment did not run; see the class's setup failure");
    }
    return parameter.getParameter().getType() == Results.class ? result.results() : result;
  }

  private static BugSwitches bugSwitches(StoreBug[] bugs) {
    List<StoreBug> on = Arrays.asList(bugs);
    return new BugSwitches(on.contains(StoreBug.ACK_BEFORE_QUORUM), on.contains(StoreBug.STALE_CONSISTENT_READ),
        on.contains(StoreBug.SCRUB_NEVER_REPAIRS));
  }
}
