using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Preparation
{
    /// <summary>
    /// <see cref="AnoOnlyMissingValues.Error"/> at fit time: the sample only covers the first rows, so the training
    /// rows are read once more for a NaN in any numeric column, and the first one found is reported.
    /// </summary>
    internal static class MissingValueCheck
    {
        public static AnoOnlyInputException Error(string column, long row)
            => new($"Column '{column}' has a missing value (NaN, or a blank field) in row {row}, and MissingValues = Error. " +
                   "Fill it in, exclude the column (ExcludedColumnNames), or use AnoOnlyMissingValues.Impute to replace missing " +
                   "values with the training mean.", column, row);

        public static void ThrowIfAny(IDataView data, IEnumerable<string> columnNames)
        {
            DataViewSchema.Column[] columns = columnNames.Select(name => data.Schema[name]).Where(c => ColumnKinds.CanBeMissing(c.Type)).ToArray();
            if (columns.Length == 0)
                return;
            SampleProfile profile = SampleProfile.Read(data, columns, long.MaxValue);
            foreach (DataViewSchema.Column column in columns)
            {
                if (profile[column.Name].FirstMissingRow is long row)
                    throw Error(column.Name, row);
            }
        }
    }
}
