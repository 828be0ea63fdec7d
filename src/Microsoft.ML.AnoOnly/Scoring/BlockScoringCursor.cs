using System.Collections.Generic;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>
    /// A cursor of <see cref="ScoredDataView"/> that reads up to a block of rows ahead from its one input cursor
    /// (<see cref="ScoringBlock"/>), scores them with one <see cref="IAnomalyScorer.ScoreBlock"/> call (matrix-matrix
    /// products, on every core when the block is worth it), then serves the rows one by one. A row that cannot be scored
    /// (wrong length, a value that is not finite, a score that is not a number) fails when its score is read, naming it, as
    /// row by row; an exception of the input while reading ahead is thrown by the <see cref="MoveNext"/> that reaches the
    /// row it happened on.
    /// </summary>
    internal sealed class BlockScoringCursor : DataViewRowCursor
    {
        private readonly ScoredDataView _view;
        private readonly BlockInput _input;
        private readonly ScoringBlock _block;
        private int _slot = -1;

        private BlockScoringCursor(ScoredDataView view, BlockInput input, ScoringBlock block)
        {
            _view = view;
            _input = input;
            _block = block;
        }

        /// <summary>The block cursor, or null when a column the caller needs cannot be copied (then score row by row).</summary>
        public static BlockScoringCursor? TryCreate(ScoredDataView view, DataViewRowCursor input, IEnumerable<DataViewSchema.Column> callerInputColumns,
            int capacity)
            => ScoringBlock.TryCreate(view, input, callerInputColumns, capacity) is { } block
                ? new BlockScoringCursor(view, new BlockInput(input), block)
                : null;

        public override DataViewSchema Schema => _view.Schema;
        public override long Position => _slot < 0 ? -1 : _block.Position(_slot);
        public override long Batch => _input.Cursor.Batch;

        public override bool MoveNext()
        {
            while (true)
            {
                if (_slot + 1 < _block.Count)
                {
                    _slot++;
                    return true;
                }
                if (_block.TakeFailure() is { } failure)
                    failure.Throw();
                _slot = -1;
                if (_input.Ended)
                {
                    _block.Clear();
                    return false;
                }
                _block.Fill(_input, oneBatch: false);
                _block.Score(onAllCores: true);
            }
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId value) => value = _block.Id(_slot);

        public override bool IsColumnActive(DataViewSchema.Column column)
            => column.Index >= _view.InputCount || _block.IsBuffered(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index < _view.InputCount)
                return ScoredDataView.BufferedGetter<TValue>(column, _block.Getter(column.Index, () => _slot));
            return ScoredDataView.ScoreGetter<TValue>(column, _view.InputCount, () => _block.ScoreOf(_slot, _block.Position(_slot)),
                _view.State.Threshold);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _input.Cursor.Dispose();
            base.Dispose(disposing);
        }
    }
}
