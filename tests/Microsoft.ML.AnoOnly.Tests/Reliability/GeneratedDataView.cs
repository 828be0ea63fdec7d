using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Tests.Reliability
{
    /// <summary>
    /// A data view of any length whose rows are computed when the cursor reaches them and never stored: what
    /// a larger-than-memory source looks like to the trainer. Row i has feature 0 = i / rows (so a sample shows
    /// which rows it came from), the other features fixed functions of i, and label 1 on every
    /// <c>anomalyEvery</c>-th row. It counts the cursors opened and the rows served.
    /// </summary>
    internal sealed class GeneratedDataView : IDataView
    {
        private readonly long _rows;
        private readonly int _features;
        private readonly int _anomalyEvery;
        private long _rowsServed;
        private int _cursorsOpened;

        public GeneratedDataView(long rows, int features, int anomalyEvery)
        {
            _rows = rows;
            _features = features;
            _anomalyEvery = anomalyEvery;
            var builder = new DataViewSchema.Builder();
            builder.AddColumn("Features", new VectorDataViewType(NumberDataViewType.Single, features));
            builder.AddColumn("Label", NumberDataViewType.Single);
            Schema = builder.ToSchema();
        }

        public DataViewSchema Schema { get; }
        public bool CanShuffle => false;
        public long RowsServed => Interlocked.Read(ref _rowsServed);
        public int CursorsOpened => _cursorsOpened;

        /// <summary>Called after each row is served (for example to cancel after a number of rows).</summary>
        public Action<long>? OnRow { get; set; }

        /// <summary>Unknown, like a stream's.</summary>
        public long? GetRowCount() => null;

        public bool IsAnomaly(long row) => row % _anomalyEvery == _anomalyEvery - 1;

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            Interlocked.Increment(ref _cursorsOpened);
            return new Cursor(this);
        }

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
            => new[] { GetRowCursor(columnsNeeded, rand) };

        private sealed class Cursor : DataViewRowCursor
        {
            private readonly GeneratedDataView _view;
            private long _position = -1;

            public Cursor(GeneratedDataView view) => _view = view;

            public override DataViewSchema Schema => _view.Schema;
            public override long Position => _position;
            public override long Batch => 0;
            public override bool IsColumnActive(DataViewSchema.Column column) => true;

            public override bool MoveNext()
            {
                if (_position + 1 >= _view._rows)
                    return false;
                _position++;
                Interlocked.Increment(ref _view._rowsServed);
                _view.OnRow?.Invoke(_position);
                return true;
            }

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                if (column.Index == 0)
                {
                    ValueGetter<VBuffer<float>> features = (ref VBuffer<float> value) =>
                    {
                        var editor = VBufferEditor.Create(ref value, _view._features);
                        editor.Values[0] = (float)((double)_position / _view._rows);
                        for (int j = 1; j < _view._features; j++)
                            editor.Values[j] = (float)(0.5 + 0.1 * Math.Sin(_position * 0.7 + j) + (_view.IsAnomaly(_position) ? 0.4 : 0));
                        value = editor.Commit();
                    };
                    return (ValueGetter<TValue>)(Delegate)features;
                }
                ValueGetter<float> label = (ref float value) => value = _view.IsAnomaly(_position) ? 1 : 0;
                return (ValueGetter<TValue>)(Delegate)label;
            }

            public override ValueGetter<DataViewRowId> GetIdGetter()
                => (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);
        }
    }
}
