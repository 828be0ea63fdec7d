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
            => new Cursor(this, Current ?? throw new InvalidOperationException("No block to read."));

        /// <summary>One cursor: a block is one worker's, and the workers run side by side on whole blocks.</summary>
        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
            => new[] { GetRowCursor(columnsNeeded, rand) };

        private sealed class Cursor : DataViewRowCursor
        {
            private readonly BlockDataView _view;
            private readonly RowBlock _block;
            private int _row = -1;

            public Cursor(BlockDataView view, RowBlock block)
            {
                _view = view;
                _block = block;
            }

            public override DataViewSchema Schema => _view.Schema;

            /// <summary>The row's place in the block: an error the library reports for a row points at the block's first
            /// row plus this.</summary>
            public override long Position => _row;

            public override long Batch => 0;

            public override bool MoveNext() => ++_row < _block.Count;

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
