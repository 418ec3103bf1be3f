package dev.gameday.checker.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gameday.checker.Verdict;
import dev.gameday.checker.durability.DurabilityResult;
import dev.gameday.checker.linearizability.LinearizabilityResult;

/**
 * The machine-readable result of {@code check}: the overall verdict and each checker's result.
 *
 * @param durability null unless {@code --durability} was given
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckReport(
        String history, Verdict verdict, LinearizabilityResult linearizability, DurabilityResult durability) {}
