package dev.gameday.checker.linearizability;

import java.util.Arrays;

/**
 * The memo of {@link KeySearch}, split by the segment of the history each configuration is in, so
 * that the part a search no longer needs can be forgotten and memory follows the widest segment the
 * search is working on rather than the whole history.
 *
 * <p>A key's history is cut in time at a few points (see {@link KeySearch}). A configuration's
 * <em>level</em> is the number of cuts it has passed: cut c is passed once every operation that
 * returned before it is removed. Along any path of the search the level only grows. The first
 * configuration of a path past a cut is a <em>crossing</em>; every path to a configuration beyond a
 * cut goes through a crossing of that cut, so once a crossing is in the memo, the search never goes
 * past it again. The other configurations, the <em>interior</em> of a level, only save the search
 * from exploring the same configuration twice when several crossings lead to it.
 *
 * <p>So crossings are kept for the whole search, and a level's interior may be forgotten: doing so
 * never changes a verdict (the memo only prunes configurations already explored, whose verdict is
 * the same when explored again) and at worst makes the search explore some configurations of that
 * level again, from a crossing it has not tried yet. {@link KeySearch} forgets the interiors of the
 * levels two or more above the one it backtracks to.
 */
final class SegmentedConfigurations {
    /** Entries a level's table holds before its first resize: most levels stay small. */
    private static final int FIRST_CAPACITY = 16;

    private VisitedConfigurations[] crossings = new VisitedConfigurations[4];
    private VisitedConfigurations[] interiors = new VisitedConfigurations[4];
    /** Interiors above this level are all null, so forgetting them needs no scan. */
    private int highestInterior = -1;

    private long bytes;
    private long added;

    /** Configurations added so far, including those of forgotten interiors. */
    long added() {
        return added;
    }

    /** Bytes held now, for the memory budget. */
    long bytes() {
        return bytes;
    }

    /**
     * Adds the configuration unless the memo holds it.
     *
     * @param level    the number of cuts the configuration has passed
     * @param crossing whether it is the first configuration of its path at this level
     * @return true if it was new
     */
    boolean add(
            int level,
            boolean crossing,
            long setHash,
            int state,
            long[] bits,
            int firstNotRemoved,
            int lastRemovedPlusOne) {
        if (level >= crossings.length) {
            int capacity = Math.max(level + 1, 2 * crossings.length);
            crossings = Arrays.copyOf(crossings, capacity);
            interiors = Arrays.copyOf(interiors, capacity);
        }
        // A configuration can be a crossing on one path and interior on another: look in both tables.
        VisitedConfigurations other = crossing ? interiors[level] : crossings[level];
        if (other != null && other.contains(setHash, state, bits, firstNotRemoved, lastRemovedPlusOne)) {
            return false;
        }
        VisitedConfigurations[] tables = crossing ? crossings : interiors;
        if (tables[level] == null) {
            tables[level] = new VisitedConfigurations(FIRST_CAPACITY);
            bytes += tables[level].bytes();
            if (!crossing) {
                highestInterior = Math.max(highestInterior, level);
            }
        }
        VisitedConfigurations table = tables[level];
        long before = table.bytes();
        if (!table.add(setHash, state, bits, firstNotRemoved, lastRemovedPlusOne)) {
            return false;
        }
        bytes += table.bytes() - before;
        added++;
        return true;
    }

    /** Forgets the interiors of every level above {@code level}; crossings stay. */
    void forgetInteriorsAbove(int level) {
        for (; highestInterior > level; highestInterior--) {
            if (interiors[highestInterior] != null) {
                bytes -= interiors[highestInterior].bytes();
                interiors[highestInterior] = null;
            }
        }
    }
}
