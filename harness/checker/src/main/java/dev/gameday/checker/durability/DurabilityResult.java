package dev.gameday.checker.durability;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gameday.checker.OpSummary;
import dev.gameday.checker.Verdict;
import java.util.List;

/**
 * The durability verdict: INVALID when any acknowledged write was lost or any unexpected value was
 * read; UNKNOWN when the history has no final read, or some acknowledged write is covered by none.
 *
 * @param present     acknowledged writes seen in the final reads
 * @param superseded  acknowledged writes not seen because a later write to the same key may have replaced them
 * @param recovered   writes of unknown outcome (:info or no completion) that the final reads saw
 * @param unverified  acknowledged writes that no final read invoked after them covers
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DurabilityResult(
        Verdict verdict,
        String reason,
        int acknowledgedWrites,
        int finalReads,
        int present,
        int superseded,
        List<LostWrite> lost,
        List<UnexpectedValue> unexpected,
        List<OpSummary> recovered,
        List<OpSummary> unverified) {}
