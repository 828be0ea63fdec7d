using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Explanations
{
    /// <summary>The schema of the explained rows: the input's columns, then <c>FeatureContributions</c>, a vector of Single
    /// as long as the features, with the feature column's slot names when it has them (Concatenate gives them). With the
    /// two rules every view and row of explanations follows: which input columns a request needs, and whose getter serves
    /// a column.</summary>
    internal static class ContributionSchema
    {
        /// <summary>The annotation kind of a vector's slot names (ML.NET's AnnotationUtils.Kinds.SlotNames, internal there).</summary>
        private const string SlotNames = "SlotNames";

        public static DataViewSchema Of(DataViewSchema input, DataViewSchema.Column features, int featureCount)
        {
            var builder = new DataViewSchema.Builder();
            builder.AddColumns(input);
            var annotations = new DataViewSchema.Annotations.Builder();
            DataViewSchema.Column? slotNames = features.Annotations.Schema.GetColumnOrNull(SlotNames);
            if (slotNames?.Type is VectorDataViewType { ItemType: TextDataViewType } names && names.Size == featureCount)
                annotations.Add(features.Annotations, kind => kind == SlotNames);
            builder.AddColumn(AnoOnlyFeatureContributionTransformer.FeatureContributionsColumnName,
                new VectorDataViewType(NumberDataViewType.Single, featureCount), annotations.ToAnnotations());
            return builder.ToSchema();
        }
    
        /// <summary>The input columns that serve <paramref name="needed"/> output columns: the input's own, plus the feature
        /// column when the contributions are needed (<c>Explaining</c>).</summary>
        public static (List<DataViewSchema.Column> Columns, bool Explaining) InputColumns(IEnumerable<DataViewSchema.Column> needed,
            DataViewSchema input, DataViewSchema.Column features)
        {
            var columns = needed.Where(c => c.Index < input.Count).Select(c => input[c.Index]).ToList();
            bool explaining = needed.Any(c => c.Index >= input.Count);
            if (explaining && columns.All(c => c.Index != features.Index))
                columns.Add(features);
            return (columns, explaining);
        }

        /// <summary>The getter of an output column: the input row's for its own columns, the calculator's for the
        /// contributions (which must have been requested).</summary>
        public static ValueGetter<TValue> Getter<TValue>(DataViewRow input, ContributionCalculator? calculator, DataViewSchema.Column column,
            int inputColumnCount)
        {
            if (column.Index < inputColumnCount)
                return input.GetGetter<TValue>(input.Schema[column.Index]);
            if (calculator == null)
                throw new InvalidOperationException($"Column '{column.Name}' was not requested when the row or cursor was created.");
            return calculator.Getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' is a vector of Single, not {typeof(TValue).Name}.");
        }
    }
}
