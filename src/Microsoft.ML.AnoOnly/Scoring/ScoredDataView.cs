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
    /// (<see cref="RowScoringCursor"/>). One cursor that reads the scores asks the input for a cursor set of one (an
    /// ML.NET transform asked for one cursor would split and consolidate its own input, at about three times the
    /// processor time); should the input give several cursors, each is read and scored on a thread of its own and the rows
    /// are served in the order of one cursor (<see cref="ParallelReadCursor"/>). Each cursor (also each of a parallel
    /// cursor set the caller asks for, which wraps one input cursor each) keeps its own buffers.
    /// </summary>
    internal sealed class ScoredDataView : IDataView
    {
        public const string ScoreColumnName = "Score";
        public const string PredictedLabelColumnName = "PredictedLabel";

        /// <summary>The rows one block cursor reads ahead at the least (fewer only for very wide rows: a block holds at most
        /// <see cref="ScoringScratch.BlockBudget"/> feature values, and at least one row).</summary>
        public const int MaxReadAhead = 128;

        /// <summary>The most rows a block of a cheap model reads ahead, so that it holds enough work to share between cores
        /// (<see cref="ParallelBlocks.MinimumWork"/>).</summary>
        public const int MaxCheapReadAhead = 1024;

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

        /// <summary>Rows read ahead per block for <paramref name="featureCount"/> features and a model of
        /// <paramref name="multiplyAddsPerRow"/>: enough rows for the block's work to be worth several cores, within the
        /// block's memory budget.</summary>
        internal static int ReadAhead(int featureCount, long multiplyAddsPerRow)
        {
            long forWork = ParallelBlocks.MinimumWork * 2 / Math.Max(1, multiplyAddsPerRow);
            int wanted = (int)Math.Clamp(forWork, MaxReadAhead, MaxCheapReadAhead);
            return Math.Clamp(ScoringScratch.BlockBudget / Math.Max(1, featureCount), 1, wanted);
        }

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

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
            => GetRowCursor(columnsNeeded, rand, inputCursors: 1);

        /// <summary>
        /// One cursor over the rows in order. When it reads the scores (and does not shuffle), it asks the input for a
        /// cursor set of <paramref name="inputCursors"/> rather than for one cursor: an ML.NET transform asked for one cursor
        /// splits its own input over threads and consolidates the results (DataViewUtils.TryCreateConsolidatingCursor),
        /// which for a fitted NormalizeMinMax costs about three times the processor time of reading it on one thread, and
        /// asked for a set of one reads it on the calling thread. One input cursor is scored by a
        /// <see cref="BlockScoringCursor"/>; several (an input that splits anyway, or more asked for) are read on a thread
        /// each and served in order by a <see cref="ParallelReadCursor"/>.
        /// </summary>
        internal DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand, int inputCursors)
        {
            (List<DataViewSchema.Column> callerColumns, bool scoring) = Split(columnsNeeded);
            List<DataViewSchema.Column> inputColumns = InputColumns(callerColumns, scoring);
            // A shuffled read stays on the input's one cursor: its order is that cursor's.
            if (scoring && rand == null && OneInputCursor(inputColumns, inputCursors, callerColumns) is { } cursor)
                return cursor;
            return Wrap(_input.GetRowCursor(inputColumns, rand), callerColumns, scoring);
        }

        /// <summary>The scoring cursor over the input's cursor set, or null (nothing left open) when the set is of several
        /// cursors and they are not worth reading in parallel or cannot be.</summary>
        private DataViewRowCursor? OneInputCursor(List<DataViewSchema.Column> inputColumns, int inputCursors, List<DataViewSchema.Column> callerColumns)
        {
            int asked = ParallelReadCursor.WorthTrying(_input, callerColumns, inputCursors) ? inputCursors : 1;
            DataViewRowCursor[] inputs = _input.GetRowCursorSet(inputColumns, asked);
            if (inputs.Length == 1)
                return Wrap(inputs[0], callerColumns, scoring: true);
            if (inputs.Length > 1 && ParallelReadCursor.WorthTrying(_input, callerColumns, inputs.Length))
                return ParallelReadCursor.TryCreate(this, inputs, callerColumns, ReadAheadOfModel, rows => ResumeAt(rows, inputColumns, callerColumns));
            foreach (DataViewRowCursor input in inputs)
                input.Dispose();
            return null;
        }

        /// <summary>A single cursor that serves the rows from row <paramref name="rows"/> on (the rows before are passed over
        /// on the input, unread): where a <see cref="ParallelReadCursor"/> goes on when its input fails, so that the failure
        /// surfaces as on one cursor.</summary>
        private DataViewRowCursor ResumeAt(long rows, List<DataViewSchema.Column> inputColumns, List<DataViewSchema.Column> callerColumns)
        {
            DataViewRowCursor[] set = _input.GetRowCursorSet(inputColumns, 1);
            DataViewRowCursor input;
            if (set.Length == 1)
            {
                input = set[0];
            }
            else
            {
                foreach (DataViewRowCursor unused in set)
                    unused.Dispose();
                input = _input.GetRowCursor(inputColumns);
            }
            try
            {
                for (long row = 0; row < rows && input.MoveNext(); row++)
                {
                }
            }
            catch
            {
                input.Dispose();
                throw;
            }
            return Wrap(input, callerColumns, scoring: true);
        }

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        {
            (List<DataViewSchema.Column> callerColumns, bool scoring) = Split(columnsNeeded);
            return _input.GetRowCursorSet(InputColumns(callerColumns, scoring), n, rand).Select(c => Wrap(c, callerColumns, scoring)).ToArray();
        }

        private DataViewRowCursor Wrap(DataViewRowCursor input, List<DataViewSchema.Column> callerColumns, bool scoring)
        {
            if (scoring && BlockScoringCursor.TryCreate(this, input, callerColumns, ReadAheadOfModel) is { } block)
                return block;
            return new RowScoringCursor(this, input, scoring);
        }

        private int ReadAheadOfModel => ReadAhead(Scorer.FeatureCount, State.MultiplyAddsPerRow);

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

        /// <summary>The getter of the input column <paramref name="column"/> from its buffer (null: the caller did not ask
        /// for the column when it opened the cursor).</summary>
        internal static ValueGetter<TValue> BufferedGetter<TValue>(DataViewSchema.Column column, Delegate? buffered)
        {
            if (buffered == null)
                throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was created.");
            return buffered as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' is of type {column.Type.RawType.Name}, not {typeof(TValue).Name}.");
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
