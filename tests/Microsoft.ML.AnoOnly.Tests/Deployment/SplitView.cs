using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Tests.Deployment
{
    /// <summary>
    /// An in-memory view that records what each opening asked for, and whose cursor sets can split the rows whatever was
    /// asked (batches of 50 rows dealt round-robin to <see cref="AlwaysSplitsInto"/> cursors), as a parallel source may.
    /// </summary>
    internal sealed class SplitView : IDataView
    {
        private const int BatchSize = 50;
        private readonly float[][] _rows;

        public SplitView(float[][] rows)
        {
            _rows = rows;
            var builder = new DataViewSchema.Builder();
            builder.AddColumn("Features", new VectorDataViewType(NumberDataViewType.Single, rows[0].Length));
            builder.AddColumn("Label", NumberDataViewType.Single);
            Schema = builder.ToSchema();
        }

        /// <summary>The fewest cursors its sets have, whatever was asked for.</summary>
        public int AlwaysSplitsInto { get; init; } = 1;

        /// <summary>The row whose MoveNext throws <see cref="InvalidOperationException"/> (an input that fails part-way), or -1.</summary>
        public int FailsAt { get; init; } = -1;

        /// <summary>What each opening asked for: the set's size, or 0 for GetRowCursor.</summary>
        public List<int> Asked { get; } = new();

        /// <summary>Cursors opened and not yet disposed.</summary>
        public int OpenCursors { get; private set; }

        public DataViewSchema Schema { get; }
        public bool CanShuffle => false;
        public long? GetRowCount() => _rows.Length;

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            Asked.Add(0);
            return Open(columnsNeeded, 1)[0];
        }

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        {
            Asked.Add(n);
            return Open(columnsNeeded, Math.Max(AlwaysSplitsInto, n));
        }

        private DataViewRowCursor[] Open(IEnumerable<DataViewSchema.Column> columnsNeeded, int n)
        {
            OpenCursors += n;
            var active = new HashSet<int>(columnsNeeded.Select(c => c.Index));
            return Enumerable.Range(0, n).Select(c => (DataViewRowCursor)new Cursor(this, c, n, active)).ToArray();
        }

        private sealed class Cursor : DataViewRowCursor
        {
            private readonly SplitView _view;
            private readonly HashSet<int> _active;
            private readonly int[] _order;
            private int _index = -1;

            public Cursor(SplitView view, int cursor, int cursors, HashSet<int> active)
            {
                _view = view;
                _active = active;
                _order = Enumerable.Range(0, view._rows.Length).Where(r => r / BatchSize % cursors == cursor).ToArray();
            }

            private int Row => _order[_index];
            public override DataViewSchema Schema => _view.Schema;
            public override long Position => _index;
            public override long Batch => Row / BatchSize;

            public override bool MoveNext()
            {
                if (_index + 1 < _order.Length && _order[_index + 1] == _view.FailsAt)
                    throw new InvalidOperationException($"the input failed at row {_view.FailsAt}");
                return ++_index < _order.Length;
            }

            public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)Row, 7);

            public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                Delegate getter = column.Index == 0
                    ? (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) => value = new VBuffer<float>(_view._rows[Row].Length, (float[])_view._rows[Row].Clone()))
                    : (ValueGetter<float>)((ref float value) => value = Row);
                return (ValueGetter<TValue>)getter;
            }

            protected override void Dispose(bool disposing)
            {
                if (_index != int.MinValue)
                    _view.OpenCursors--;
                _index = int.MinValue;
                base.Dispose(disposing);
            }
        }
    }
}
