using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Cli.Scoring
{
    /// <summary>
    /// The rows of the current <see cref="RowBlock"/> as an ML.NET data view: the feature columns the model reads, by name,
    /// either as scalar <see cref="float"/> columns (a model that prepares raw columns) or as one known-size vector (a model
    /// that reads one feature vector). The model is applied to this view once (<c>Transform</c>); each block is then read
    /// through a fresh cursor, and the model's own transforms and block scorer do the rest, exactly as on TextLoader's rows.
    /// </summary>
    internal sealed class BlockDataView : IDataView
    {
        private readonly bool _vector;

        /// <param name="columns">The feature columns' names, in the order of the block's values; or, with
        /// <paramref name="vectorName"/>, the vector's slots.</param>
        /// <param name="vectorName">The vector column to expose, or null for one scalar column per name.</param>
        public BlockDataView(IReadOnlyList<string> columns, string? vectorName)
        {
            var builder = new DataViewSchema.Builder();
            if (vectorName != null)
                builder.AddColumn(vectorName, new VectorDataViewType(NumberDataViewType.Single, columns.Count));
            else
            {
                foreach (string name in columns)
                    builder.AddColumn(name, NumberDataViewType.Single);
            }
            Schema = builder.ToSchema();
            _vector = vectorName != null;
            FeatureCount = columns.Count;
        }

        public int FeatureCount { get; }

        /// <summary>The block the next cursor reads; set by the scoring thread before it opens one.</summary>
        public RowBlock? Current { get; set; }

        public DataViewSchema Schema { get; }

        public bool CanShuffle => false;

        public long? GetRowCount() => Current?.Count;

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            RowBlock block = Current ?? throw new InvalidOperationException("No block to read.");
            return new Cursor(this, block, 0, block.Count);
        }

        /// <summary>Up to <paramref name="n"/> cursors over consecutive parts of the block, for as many threads; a row's id
        /// (its data row in the file) says which it is.</summary>
        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        {
            RowBlock block = Current ?? throw new InvalidOperationException("No block to read.");
            int parts = Math.Clamp(n, 1, Math.Max(1, block.Count));
            return Enumerable.Range(0, parts)
                .Select(p => (DataViewRowCursor)new Cursor(this, block, (int)((long)block.Count * p / parts), (int)((long)block.Count * (p + 1) / parts)))
                .ToArray();
        }

        private sealed class Cursor : DataViewRowCursor
        {
            private readonly BlockDataView _view;
            private readonly RowBlock _block;
            private readonly int _start, _end;
            private int _row;

            public Cursor(BlockDataView view, RowBlock block, int start, int end)
            {
                _view = view;
                _block = block;
                _start = start;
                _end = end;
                _row = start - 1;
            }

            public override DataViewSchema Schema => _view.Schema;

            /// <summary>The row's place in the block (not in this cursor's part), so that an error the library reports for a row
            /// of any part points at the right line of the file.</summary>
            public override long Position => _row < _start ? -1 : _row;

            public override long Batch => _start;

            public override bool MoveNext() => ++_row < _end;

            public override bool IsColumnActive(DataViewSchema.Column column) => true;

            public override ValueGetter<DataViewRowId> GetIdGetter()
                => (ref DataViewRowId id) => id = new DataViewRowId((ulong)(_block.FirstRow + _row), 0);

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                int width = _block.FeatureCount;
                if (_view._vector)
                {
                    ValueGetter<VBuffer<float>> vector = (ref VBuffer<float> value) =>
                    {
                        var editor = VBufferEditor.Create(ref value, width);
                        _block.Features.AsSpan(_row * width, width).CopyTo(editor.Values);
                        value = editor.Commit();
                    };
                    return (ValueGetter<TValue>)(Delegate)vector;
                }
                int offset = column.Index;
                ValueGetter<float> scalar = (ref float value) => value = _block.Features[_row * width + offset];
                return (ValueGetter<TValue>)(Delegate)scalar;
            }
        }
    }
}
