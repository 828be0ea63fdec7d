using System;
using System.Collections.Generic;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Data
{
    /// <summary>A data view with a schema and no rows: what fitting the saved pipeline needs
    /// (<c>TakeRows(view, 0)</c> is refused by ML.NET).</summary>
    internal sealed class EmptyDataView : IDataView
    {
        public EmptyDataView(DataViewSchema schema) => Schema = schema;

        public bool CanShuffle => true;
        public DataViewSchema Schema { get; }

        public long? GetRowCount() => 0;

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(Schema);

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
            => new DataViewRowCursor[] { new Cursor(Schema) };

        private sealed class Cursor : DataViewRowCursor
        {
            public Cursor(DataViewSchema schema) => Schema = schema;

            public override DataViewSchema Schema { get; }
            public override long Position => -1;
            public override long Batch => 0;
            public override bool MoveNext() => false;
            public override bool IsColumnActive(DataViewSchema.Column column) => true;

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
                => (ref TValue value) => throw new InvalidOperationException("An empty data view has no rows.");

            public override ValueGetter<DataViewRowId> GetIdGetter()
                => (ref DataViewRowId value) => throw new InvalidOperationException("An empty data view has no rows.");
        }
    }
}
