using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Tests.Deployment
{
    /// <summary>
    /// An in-memory view whose cursor sets split the rows as a parallel source may, deterministically: batches of
    /// <see cref="BatchSize"/> rows dealt round-robin to the cursors (cursor c reads batches c, c + n, ...), each row's
    /// <c>Batch</c> its batch number. It can break at a row: its feature getter throws there, or its <c>MoveNext</c> throws
    /// on the way to it.
    /// </summary>
    internal sealed class BatchedView : IDataView
    {
        private readonly float[][] _rows;

        public BatchedView(float[][] rows, int batchSize = 50)
        {
            _rows = rows;
            BatchSize = batchSize;
            var builder = new DataViewSchema.Builder();
            builder.AddColumn("Features", new VectorDataViewType(NumberDataViewType.Single, rows[0].Length));
            builder.AddColumn("Label", NumberDataViewType.Single);
            Schema = builder.ToSchema();
        }

        public int BatchSize { get; }

        /// <summary>The row whose feature getter throws <see cref="BrokenRowException"/>.</summary>
        public int? GetterFailsAt { get; init; }

        /// <summary>The row that MoveNext throws <see cref="BrokenRowException"/> on the way to.</summary>
        public int? MoveNextFailsAt { get; init; }

        /// <summary>The fewest cursors its sets have, whatever was asked for (as a view that always splits).</summary>
        public int AlwaysSplitsInto { get; init; } = 1;

        /// <summary>Cursors opened (each cursor of a set a count).</summary>
        public int CursorsOpened { get; private set; }

        /// <summary>What each opening asked for: the set's size, or 0 for GetRowCursor.</summary>
        public List<int> Asked { get; } = new();

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
            CursorsOpened += n;
            var active = new HashSet<int>(columnsNeeded.Select(c => c.Index));
            return Enumerable.Range(0, n).Select(c => (DataViewRowCursor)new Cursor(this, c, n, active)).ToArray();
        }

        private sealed class Cursor : DataViewRowCursor
        {
            private readonly BatchedView _view;
            private readonly HashSet<int> _active;
            private readonly int[] _order;
            private int _index = -1;

            public Cursor(BatchedView view, int cursor, int cursors, HashSet<int> active)
            {
                _view = view;
                _active = active;
                _order = Enumerable.Range(0, view._rows.Length).Where(r => r / view.BatchSize % cursors == cursor).ToArray();
            }

            private int Row => _order[_index];
            public override DataViewSchema Schema => _view.Schema;
            public override long Position => _index;
            public override long Batch => Row / _view.BatchSize;

            public override bool MoveNext()
            {
                if (_index + 1 >= _order.Length)
                {
                    _index = _order.Length;
                    return false;
                }
                if (_order[_index + 1] == _view.MoveNextFailsAt)
                    throw new BrokenRowException(_order[_index + 1]);
                _index++;
                return true;
            }

            public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)Row, 7);

            public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                Delegate getter = column.Index == 0
                    ? (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
                    {
                        if (Row == _view.GetterFailsAt)
                            throw new BrokenRowException(Row);
                        value = new VBuffer<float>(_view._rows[Row].Length, (float[])_view._rows[Row].Clone());
                    })
                    : (ValueGetter<float>)((ref float value) => value = Row);
                return (ValueGetter<TValue>)getter;
            }
        }
    }

    /// <summary>What <see cref="BatchedView"/> throws at its broken row.</summary>
    internal sealed class BrokenRowException : Exception
    {
        public BrokenRowException(int row)
            : base($"Row {row} is broken.") => Row = row;

        public int Row { get; }
    }
}
