using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Data
{
    /// <summary>The feature and label columns of a training view, checked once against its schema.</summary>
    internal sealed class TrainingColumns
    {
        private TrainingColumns(DataViewSchema.Column features, DataViewSchema.Column label, int featureCount)
        {
            Features = features;
            Label = label;
            FeatureCount = featureCount;
        }

        public DataViewSchema.Column Features { get; }
        public DataViewSchema.Column Label { get; }
        public int FeatureCount { get; }
        public bool LabelIsBoolean => Label.Type is BooleanDataViewType;

        public static TrainingColumns Resolve(DataViewSchema schema, string featureColumnName, string labelColumnName)
        {
            int featureCount = FeatureCountOf(schema, featureColumnName);
            DataViewSchema.Column? label = schema.GetColumnOrNull(labelColumnName);
            if (label is null)
                throw new AnoOnlyInputException(
                    $"The training data has no label column '{labelColumnName}'. Name the column that marks the known anomalies " +
                    $"(Boolean, or Single where > 0 means anomaly) with labelColumnName. Columns present: {ColumnList(schema)}.",
                    labelColumnName);
            if (label.Value.Type is not BooleanDataViewType && label.Value.Type != NumberDataViewType.Single)
                throw new AnoOnlyInputException(
                    $"Label column '{labelColumnName}' is of type {label.Value.Type}; expected Boolean (true = labeled anomaly) " +
                    "or Single (> 0 = labeled anomaly). Convert it first, e.g. with Transforms.Conversion.ConvertType.",
                    labelColumnName);
            return new TrainingColumns(schema[featureColumnName], label.Value, featureCount);
        }

        /// <summary>The size of the feature column, which must be a known-size vector of Single.</summary>
        public static int FeatureCountOf(DataViewSchema schema, string featureColumnName)
        {
            DataViewSchema.Column? features = schema.GetColumnOrNull(featureColumnName);
            if (features is null)
                throw new AnoOnlyInputException(
                    $"The data has no feature column '{featureColumnName}'. Columns present: {ColumnList(schema)}. " +
                    "Gather the features into one vector column first, e.g. with Transforms.Concatenate.",
                    featureColumnName);
            if (features.Value.Type is not VectorDataViewType vector || vector.ItemType != NumberDataViewType.Single
                || !vector.IsKnownSize || vector.Dimensions.Length != 1)
                throw new AnoOnlyInputException(
                    $"Feature column '{featureColumnName}' is of type {features.Value.Type}; expected a known-size vector of " +
                    "Single (for example Vector<Single, 21>). Use Transforms.Concatenate and Transforms.Conversion.ConvertType.",
                    featureColumnName);
            return vector.Size;
        }

        /// <summary>
        /// The size of a feature column to be scored, or <see langword="null"/> for a vector of Single of unknown
        /// size: a <c>PredictionEngine</c> input class often declares <c>float[]</c> without a size, and the
        /// loaded model accepts it too; the scoring guard then checks each row's length.
        /// </summary>
        public static int? ScoringFeatureCountOf(DataViewSchema schema, string featureColumnName)
        {
            if (schema.GetColumnOrNull(featureColumnName)?.Type is VectorDataViewType { IsKnownSize: false } vector
                && vector.ItemType == NumberDataViewType.Single)
                return null;
            return FeatureCountOf(schema, featureColumnName);
        }

        private static string ColumnList(DataViewSchema schema)
        {
            var names = new System.Collections.Generic.List<string>();
            foreach (DataViewSchema.Column column in schema)
            {
                if (!column.IsHidden)
                    names.Add($"'{column.Name}' ({column.Type})");
            }
            return names.Count == 0 ? "none" : string.Join(", ", names);
        }
    }
}
