using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>
    /// One input cursor that blocks of rows are read from (<see cref="ScoringBlock.Fill"/>), with where the reading
    /// stands: a block that stops at a new batch of the input leaves the cursor on that batch's first row, which the next
    /// block must take without moving the cursor. Used by one thread at a time.
    /// </summary>
    internal sealed class BlockInput
    {
        public BlockInput(DataViewRowCursor cursor) => Cursor = cursor;

        public DataViewRowCursor Cursor { get; }

        /// <summary>The cursor is on a row that no block has taken yet.</summary>
        public bool OnUnreadRow { get; set; }

        /// <summary>The batch of the last row the cursor was on (<see cref="long.MinValue"/> before the first): a row the
        /// cursor fails to reach or to read belongs to this batch or a later one.</summary>
        public long Batch { get; set; } = long.MinValue;

        /// <summary>The cursor has no more rows, or failed (then the failure went to the block that was reading).</summary>
        public bool Ended { get; set; }
    }
}
