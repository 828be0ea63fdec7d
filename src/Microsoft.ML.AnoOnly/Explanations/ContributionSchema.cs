using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Explanations
{
    /// <summary>The schema of the explained rows: the input's columns, then <c>FeatureContributions</c>, a vector of Single
    /// as long as the features, with the feature column's slot names when it has them (Concatenate gives them).</summary>
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
    }
}
