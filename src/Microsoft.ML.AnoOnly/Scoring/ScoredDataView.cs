using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>
    /// What <see cref="AnoOnlyTransformer.Transform(IDataView)"/> returns: the input with <c>Score</c> and
    /// <c>PredictedLabel</c> computed lazily by the managed scorer. A cursor that reads the scores reads a block of rows
    /// ahead and scores them together (<see cref="BlockScoringCursor"/>: the layers become matrix-matrix products);
    /// when it needs an input column of a type it cannot copy, or reads no score, it works row by row
    /// (<see cref="RowScoringCursor"/>). One cursor that reads the scores asks the input for a cursor set of one (see
    /// <see cref="GetRowCursor"/>). Each cursor (also each of a parallel cursor set) keeps its own buffers.
    /// </summary>
    internal sealed class ScoredDataView : IDataView
    {
        public const string ScoreColumnName = "Score";
        public const string PredictedLabelColumnName = "PredictedLabel";

        /// <summary>The rows of one block of a block cursor (fewer only for wide rows: a block holds at most
        /// <see cref="ScoringScratch.BlockBudget"/> feature values, and at least one row). Each block hands its scoring to
        /// the other cores once, and a core that has gone idle takes a while to wake: blocks of a thousand rows keep that
        /// rare for cheap and costly models alike.</summary>
        public const int BlockRows = 1024;

        private readonly IDataView _input;

        public ScoredDataView(IDataView input, IAnomalyScorer scorer, ModelState state)
        {
            _input = input;
            Scorer = scorer;
            State = state;
            FeatureColumn = input.Schema[state.FeatureColumnName];
            Schema = OutputSchema(input.Schema);
        }

        public DataViewSchema Schema { get; }
        public bool CanShuffle => _input.CanShuffle;
        internal IAnomalyScorer Scorer { get; }
        internal ModelState State { get; }
        internal DataViewSchema.Column FeatureColumn { get; }
        internal int InputCount => _input.Schema.Count;

        /// <summary>Rows per block for <paramref name="featureCount"/> features: <see cref="BlockRows"/>, within the block's
        /// memory budget.</summary>
        internal static int ReadAhead(int featureCount) => Math.Clamp(ScoringScratch.BlockBudget / Math.Max(1, featureCount), 1, BlockRows);

        /// <summary>The input's columns (so same-named earlier columns become hidden), then Score and PredictedLabel.</summary>
        public static DataViewSchema OutputSchema(DataViewSchema inputSchema)
        {
            var builder = new DataViewSchema.Builder();
            builder.AddColumns(inputSchema);
            builder.AddColumn(ScoreColumnName, NumberDataViewType.Single);
            builder.AddColumn(PredictedLabelColumnName, BooleanDataViewType.Instance);
            return builder.ToSchema();
        }

        public long? GetRowCount() => _input.GetRowCount();

        /// <summary>
        /// One cursor over the rows in order. When it reads the scores (and does not shuffle) it asks the input for a cursor
        /// set of one rather than for one cursor: an ML.NET transform asked for one cursor splits its own input over
        /// threads and consolidates the results, which for a fitted NormalizeMinMax costs about three times the processor
        /// time of reading it on the calling thread, as a set of one does (docs/benchmarks.md#deployment). The scoring
        /// itself is spread over the cores by the block cursor, while the calling thread reads the next block (a block too
        /// cheap to hand over is scored by the calling thread). An input that gives several cursors all the same is read
        /// through one cursor, as before.
        /// </summary>
        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            (List<DataViewSchema.Column> callerColumns, bool scoring) = Split(columnsNeeded);
            List<DataViewSchema.Column> inputColumns = InputColumns(callerColumns, scoring);
            if (scoring && rand == null)
            {
                DataViewRowCursor[] set = _input.GetRowCursorSet(inputColumns, 1);
                if (set.Length == 1)
                    return Wrap(set[0], callerColumns, scoring);
                foreach (DataViewRowCursor unused in set)
                    unused.Dispose();
            }
            return Wrap(_input.GetRowCursor(inputColumns, rand), callerColumns, scoring);
        }

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        {
            (List<DataViewSchema.Column> callerColumns, bool scoring) = Split(columnsNeeded);
            return _input.GetRowCursorSet(InputColumns(callerColumns, scoring), n, rand).Select(c => Wrap(c, callerColumns, scoring)).ToArray();
        }

        private DataViewRowCursor Wrap(DataViewRowCursor input, List<DataViewSchema.Column> callerColumns, bool scoring)
        {
            if (scoring && BlockScoringCursor.TryCreate(this, input, callerColumns,
                    ReadAhead(Scorer.FeatureCount)) is { } block)
                return block;
            return new RowScoringCursor(this, input, scoring);
        }

        /// <summary>The input columns the caller asked for, and whether it asked for a score column.</summary>
        private (List<DataViewSchema.Column> Columns, bool Scoring) Split(IEnumerable<DataViewSchema.Column> needed)
        {
            var columns = new List<DataViewSchema.Column>();
            bool scoring = false;
            foreach (DataViewSchema.Column column in needed)
            {
                if (column.Index < InputCount)
                    columns.Add(_input.Schema[column.Index]);
                else
                    scoring = true;
            }
            return (columns, scoring);
        }

        private List<DataViewSchema.Column> InputColumns(List<DataViewSchema.Column> callerColumns, bool scoring)
        {
            var columns = new List<DataViewSchema.Column>(callerColumns);
            if (scoring && !columns.Any(c => c.Index == FeatureColumn.Index))
                columns.Add(FeatureColumn);
            return columns;
        }

        /// <summary>The getter of <c>Score</c> or <c>PredictedLabel</c> (<paramref name="column"/> is past the
        /// <paramref name="inputCount"/> input columns), both from <paramref name="score"/>.</summary>
        internal static ValueGetter<TValue> ScoreGetter<TValue>(DataViewSchema.Column column, int inputCount, Func<float> score, float threshold)
        {
            bool isScore = column.Index == inputCount;
            Type expected = isScore ? typeof(float) : typeof(bool);
            if (typeof(TValue) != expected)
                throw new InvalidOperationException($"Column '{column.Name}' is of type {expected.Name}, not {typeof(TValue).Name}.");
            Delegate getter = isScore
                ? (ValueGetter<float>)((ref float value) => value = score())
                : (ValueGetter<bool>)((ref bool value) => value = score() > threshold);
            return (ValueGetter<TValue>)getter;
        }
    }
}
