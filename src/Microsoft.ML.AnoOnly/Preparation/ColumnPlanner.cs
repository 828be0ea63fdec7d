using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Preparation
{
    /// <summary>Decides each column's role from its type, the options and what the sample held.</summary>
    internal static class ColumnPlanner
    {
        /// <summary>A text column with at least this many distinct values, more than half of its sampled values,
        /// is id-like (a row id, an e-mail, a free-text note): as categories it would only memorise rows.</summary>
        internal const int IdLikeMinimumDistinct = 10;

        public static IReadOnlyList<DataViewSchema.Column> Candidates(DataViewSchema schema, AnoOnlyFeaturizerOptions options)
        {
            var excluded = new HashSet<string>(options.ExcludedColumnNames, StringComparer.Ordinal);
            return schema.Where(c => !c.IsHidden && c.Name != options.LabelColumnName && !excluded.Contains(c.Name)).ToArray();
        }

        public static List<AnoOnlyFeatureColumn> Plan(DataViewSchema schema, SampleProfile sample, AnoOnlyFeaturizerOptions options)
        {
            var excluded = new HashSet<string>(options.ExcludedColumnNames, StringComparer.Ordinal);
            HashSet<string>? named = options.CategoricalColumnNames is null ? null : new(options.CategoricalColumnNames, StringComparer.Ordinal);
            var plan = new List<AnoOnlyFeatureColumn>();
            foreach (DataViewSchema.Column column in schema.Where(c => !c.IsHidden))
            {
                ColumnStatistics statistics = sample[column.Name];
                if (column.Name == options.LabelColumnName)
                    plan.Add(LeftOut(column, "the label column", statistics));
                else if (excluded.Contains(column.Name))
                    plan.Add(LeftOut(column, "excluded by ExcludedColumnNames", statistics));
                else if (named?.Contains(column.Name) == true)
                    plan.Add(Categorical(column, "named in CategoricalColumnNames" + Distinct(statistics, sample), statistics));
                else if (ColumnKinds.IsNumeric(column.Type))
                    plan.Add(Numeric(column, statistics, sample, options));
                else if (ColumnKinds.IsText(column.Type))
                    plan.Add(named is null ? Text(column, statistics, sample, options)
                        : LeftOut(column, "text, not named in CategoricalColumnNames", statistics));
                else
                    plan.Add(LeftOut(column, $"type {column.Type} cannot be a feature", statistics));
            }
            return plan;
        }

        private static AnoOnlyFeatureColumn Numeric(DataViewSchema.Column column, ColumnStatistics statistics, SampleProfile sample,
            AnoOnlyFeaturizerOptions options)
        {
            if (statistics.MissingCells > 0 && options.MissingValues == AnoOnlyMissingValues.Error)
                throw MissingValueCheck.Error(column.Name, statistics.FirstMissingRow ?? 0);
            if (sample.Rows > 0 && statistics.RowsWithoutValue == sample.Rows)
                return LeftOut(column, string.Format(CultureInfo.InvariantCulture, "no value in the sample's {0:N0} rows", sample.Rows), statistics);
            string type = column.Type is VectorDataViewType vector ? $"vector of {vector.Size} {vector.ItemType}" : column.Type.ToString() ?? column.Type.RawType.Name;
            return new AnoOnlyFeatureColumn(column.Name, AnoOnlyColumnRole.Numeric, type, statistics.MissingCells, null,
                hasMissingIndicator: statistics.MissingCells > 0);
        }

        private static AnoOnlyFeatureColumn Text(DataViewSchema.Column column, ColumnStatistics statistics, SampleProfile sample,
            AnoOnlyFeaturizerOptions options)
        {
            int distinct = statistics.DistinctCount;
            if (distinct >= IdLikeMinimumDistinct && 2L * distinct > statistics.TextValues)
                return LeftOut(column, "id-like: " + Distinct(statistics, sample).TrimStart(',', ' '), statistics);
            if (distinct > options.MaxCategories)
                return LeftOut(column, Distinct(statistics, sample).TrimStart(',', ' ') + $", more than MaxCategories = {options.MaxCategories}", statistics);
            return Categorical(column, Distinct(statistics, sample).TrimStart(',', ' '), statistics);
        }

        private static AnoOnlyFeatureColumn Categorical(DataViewSchema.Column column, string reason, ColumnStatistics statistics)
            => new(column.Name, AnoOnlyColumnRole.Categorical, reason, statistics.MissingCells,
                ColumnKinds.IsText(column.Type) ? statistics.DistinctCount : null, hasMissingIndicator: false);

        private static AnoOnlyFeatureColumn LeftOut(DataViewSchema.Column column, string reason, ColumnStatistics statistics)
            => new(column.Name, AnoOnlyColumnRole.LeftOut, reason, statistics.MissingCells,
                ColumnKinds.IsText(column.Type) ? statistics.DistinctCount : null, hasMissingIndicator: false);

        private static string Distinct(ColumnStatistics statistics, SampleProfile sample)
            => statistics.DistinctCount == 0 ? ""
                : string.Format(CultureInfo.InvariantCulture, ", {0:N0} distinct values in {1:N0} rows", statistics.DistinctCount, sample.Rows);
    }
}
