package dev.gameday.checker;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gameday.history.EdnWriter;
import dev.gameday.history.Op;

/**
 * An operation as a report shows it, values as EDN text.
 *
 * @param completeIndex null when the outcome is unknown (no completion, or :info)
 * @param invokeTime    null when the history has no times
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OpSummary(
        long process,
        String f,
        String key,
        String outcome,
        String input,
        String output,
        long invokeIndex,
        Long completeIndex,
        Long invokeTime,
        Long completeTime) {

    public static OpSummary of(Operation op) {
        return new OpSummary(
                op.process(),
                op.f(),
                op.key(),
                op.outcome().ednName(),
                EdnWriter.write(op.input()),
                op.isOk() ? EdnWriter.write(op.output()) : null,
                op.invokeIndex(),
                op.completion() == null ? null : op.completion().index(),
                timeOrNull(op.invokeTime()),
                timeOrNull(op.completeTime()));
    }

    private static Long timeOrNull(long time) {
        return time == Op.NO_TIME ? null : time;
    }

    /** One line for humans, e.g. {@code process 3 :cas [0 4] -> :ok (index 12..15)}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("process ").append(process).append(" :").append(f);
        if (key != null) {
            sb.append(" key ").append(EdnWriter.write(key));
        }
        sb.append(' ').append(input).append(" -> :").append(outcome);
        if (output != null) {
            sb.append(' ').append(output);
        }
        sb.append(" (index ")
                .append(invokeIndex)
                .append("..")
                .append(completeIndex == null ? "?" : completeIndex)
                .append(')');
        return sb.toString();
    }
}
