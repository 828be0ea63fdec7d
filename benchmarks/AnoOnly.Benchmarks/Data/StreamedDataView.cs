using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace AnoOnly.Benchmarks.Data
{
    /// <summary>
    /// An <see cref="IDataView"/> of <see cref="SyntheticRows"/> generated while a cursor moves: any number of
    /// rows, never held in memory. Columns as <see cref="BenchmarkRows.TrainRow"/>: <c>Features</c>,
    /// <c>Label</c> (Single) and <c>IsLabeledAnomaly</c> (Boolean).
    /// </summary>
    internal sealed class StreamedDataView : IDataView
    {
        private readonly long _rows;
        private readonly SyntheticRows _generator;

        public StreamedDataView(long rows, int featureCount, int seed)
        {
            _rows = rows;
            _generator = new SyntheticRows(featureCount, seed);
            var builder = new DataViewSchema.Builder();
            builder.AddColumn("Features", new VectorDataViewType(NumberDataViewType.Single, featureCount));
            builder.AddColumn("Label", NumberDataViewType.Single);
            builder.AddColumn("IsLabeledAnomaly", BooleanDataViewType.Instance);
            Schema = builder.ToSchema();
        }

        public bool CanShuffle => false;

        public DataViewSchema Schema { get; }

        public long? GetRowCount() => _rows;

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
            => new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
            => new[] { GetRowCursor(columnsNeeded, rand) };

        private sealed class Cursor : DataViewRowCursor
        {
            private readonly StreamedDataView _view;
            private readonly HashSet<int> _active;
            private readonly float[] _features;
            private bool _labeled;
            private long _position = -1;

            public Cursor(StreamedDataView view, HashSet<int> active)
            {
                _view = view;
                _active = active;
                _features = new float[view._generator.FeatureCount];
            }

            public override DataViewSchema Schema => _view.Schema;

            public override long Position => _position;

            public override long Batch => 0;

            public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

            public override bool MoveNext()
            {
                if (_position + 1 >= _view._rows)
                    return false;
                _position++;
                _labeled = _view._generator.Fill(_position, _features).IsLabeled;
                return true;
            }

            public override ValueGetter<DataViewRowId> GetIdGetter()
                => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                Delegate getter = column.Name switch
                {
                    "Features" => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
                    {
                        var editor = VBufferEditor.Create(ref value, _features.Length);
                        _features.CopyTo(editor.Values);
                        value = editor.Commit();
                    }),
                    "Label" => (ValueGetter<float>)((ref float value) => value = _labeled ? 1f : 0f),
                    "IsLabeledAnomaly" => (ValueGetter<bool>)((ref bool value) => value = _labeled),
                    _ => throw new ArgumentOutOfRangeException(nameof(column), column.Name, "Not a column of this view."),
                };
                return getter as ValueGetter<TValue>
                    ?? throw new InvalidOperationException($"Column '{column.Name}' is not of type {typeof(TValue).Name}.");
            }
        }
    }
}
