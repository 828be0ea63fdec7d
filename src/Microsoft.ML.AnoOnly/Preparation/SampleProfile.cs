using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Preparation
{
    /// <summary>What the first rows of the sample hold, per column: missing cells (NaN; empty text) and, for text
    /// columns, the distinct values. Read in one cursor pass over only the columns that need it.</summary>
    internal sealed class SampleProfile
    {
        private readonly Dictionary<string, ColumnStatistics> _columns;

        private SampleProfile(long rows, Dictionary<string, ColumnStatistics> columns)
        {
            Rows = rows;
            _columns = columns;
        }

        /// <summary>Rows read.</summary>
        public long Rows { get; }

        /// <summary>The column's statistics; an empty one for a column that was not read (it cannot be missing).</summary>
        public ColumnStatistics this[string column] => _columns.TryGetValue(column, out ColumnStatistics? statistics) ? statistics : new ColumnStatistics();

        public static SampleProfile Read(IDataView sample, IEnumerable<DataViewSchema.Column> columns, long maxRows)
        {
            var readers = new List<Action<long>>();
            var statistics = new Dictionary<string, ColumnStatistics>();
            DataViewSchema.Column[] read = columns.Where(c => ColumnKinds.CanBeMissing(c.Type) || ColumnKinds.IsText(c.Type)).ToArray();
            using DataViewRowCursor cursor = sample.GetRowCursor(read);
            foreach (DataViewSchema.Column column in read)
            {
                var columnStatistics = new ColumnStatistics();
                statistics[column.Name] = columnStatistics;
                readers.Add(Reader(cursor, column, columnStatistics));
            }
            long rows = 0;
            while (rows < maxRows && cursor.MoveNext())
            {
                foreach (Action<long> reader in readers)
                    reader(rows);
                rows++;
            }
            return new SampleProfile(rows, statistics);
        }

        private static Action<long> Reader(DataViewRowCursor cursor, DataViewSchema.Column column, ColumnStatistics statistics)
        {
            DataViewType type = column.Type;
            if (type is TextDataViewType)
            {
                ValueGetter<ReadOnlyMemory<char>> getter = cursor.GetGetter<ReadOnlyMemory<char>>(column);
                ReadOnlyMemory<char> value = default;
                return row =>
                {
                    getter(ref value);
                    statistics.AddText(value.Span, row);
                };
            }
            if (type == NumberDataViewType.Single)
            {
                ValueGetter<float> getter = cursor.GetGetter<float>(column);
                float value = 0;
                return row =>
                {
                    getter(ref value);
                    statistics.AddNumbers(float.IsNaN(value) ? 1 : 0, 1, row);
                };
            }
            if (type == NumberDataViewType.Double)
            {
                ValueGetter<double> getter = cursor.GetGetter<double>(column);
                double value = 0;
                return row =>
                {
                    getter(ref value);
                    statistics.AddNumbers(double.IsNaN(value) ? 1 : 0, 1, row);
                };
            }
            if (type is VectorDataViewType { ItemType: var item } vector && item == NumberDataViewType.Single)
            {
                ValueGetter<VBuffer<float>> getter = cursor.GetGetter<VBuffer<float>>(column);
                VBuffer<float> value = default;
                return row =>
                {
                    getter(ref value);
                    int missing = 0;
                    foreach (float x in value.GetValues())
                        missing += float.IsNaN(x) ? 1 : 0;
                    statistics.AddNumbers(missing, vector.Size, row);
                };
            }
            {
                ValueGetter<VBuffer<double>> getter = cursor.GetGetter<VBuffer<double>>(column);
                VBuffer<double> value = default;
                int size = ((VectorDataViewType)type).Size;
                return row =>
                {
                    getter(ref value);
                    int missing = 0;
                    foreach (double x in value.GetValues())
                        missing += double.IsNaN(x) ? 1 : 0;
                    statistics.AddNumbers(missing, size, row);
                };
            }
        }
    }

    /// <summary>One column's counts in the sample.</summary>
    internal sealed class ColumnStatistics
    {
        private readonly HashSet<string> _distinct = new(StringComparer.Ordinal);

        /// <summary>Missing cells: NaN numbers, empty (or blank) texts.</summary>
        public long MissingCells { get; private set; }

        /// <summary>The zero-based row of the first missing cell.</summary>
        public long? FirstMissingRow { get; private set; }

        /// <summary>Rows where every cell was missing, for a numeric column.</summary>
        public long RowsWithoutValue { get; private set; }

        /// <summary>Non-empty text values read.</summary>
        public long TextValues { get; private set; }

        /// <summary>Distinct text values, the empty one included.</summary>
        public int DistinctCount => _distinct.Count;

        public void AddNumbers(int missing, int cells, long row)
        {
            if (missing == 0)
                return;
            MissingCells += missing;
            FirstMissingRow ??= row;
            if (missing == cells)
                RowsWithoutValue++;
        }

        public void AddText(ReadOnlySpan<char> value, long row)
        {
            ReadOnlySpan<char> trimmed = value.Trim();
            if (trimmed.IsEmpty)
            {
                MissingCells++;
                FirstMissingRow ??= row;
            }
            else
            {
                TextValues++;
            }
            _distinct.Add(value.ToString());
        }
    }
}
