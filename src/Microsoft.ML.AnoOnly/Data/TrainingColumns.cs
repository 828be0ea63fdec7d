using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Data
{
    /// <summary>
    /// The one check of the trainer's and the model's input columns. ML.NET asks for it twice, on a
    /// <see cref="SchemaShape"/> (<c>GetOutputSchema</c>, before any data exists) and on a
    /// <see cref="DataViewSchema"/> (<c>Fit</c>, <c>Transform</c>); both are reduced to <see cref="ColumnFacts"/> and
    /// judged by the same rules with the same messages.
    /// </summary>
    internal sealed class TrainingColumns
    {
        private TrainingColumns(DataViewSchema.Column features, DataViewSchema.Column label, DataViewSchema.Column? confirmedNormal,
            int featureCount)
        {
            Features = features;
            Label = label;
            ConfirmedNormal = confirmedNormal;
            FeatureCount = featureCount;
        }

        public DataViewSchema.Column Features { get; }
        public DataViewSchema.Column Label { get; }

        /// <summary>The column of rows reviewed and found normal (<see cref="AnoOnlyTrainer.Options.ConfirmedNormalColumnName"/>), when named.</summary>
        public DataViewSchema.Column? ConfirmedNormal { get; }

        public int FeatureCount { get; }
        public bool LabelIsBoolean => Label.Type is BooleanDataViewType;

        /// <summary>What the check needs to know of a column, whichever kind of schema it comes from.</summary>
        private readonly record struct ColumnFacts(string Name, bool IsVector, bool IsKnownSize, int Size, DataViewType ItemType, string TypeName)
        {
            public static ColumnFacts Of(DataViewSchema.Column column) => column.Type is VectorDataViewType vector
                ? new(column.Name, true, vector.IsKnownSize && vector.Dimensions.Length == 1, vector.Size, vector.ItemType, Describe(vector))
                : new(column.Name, false, false, 0, column.Type, Describe(column.Type));

            public static ColumnFacts Of(SchemaShape.Column column) => new(column.Name,
                column.Kind != SchemaShape.Column.VectorKind.Scalar, column.Kind == SchemaShape.Column.VectorKind.Vector, 0,
                column.ItemType, column.Kind == SchemaShape.Column.VectorKind.Scalar ? Describe(column.ItemType) : $"Vector<{Describe(column.ItemType)}>");

            private static string Describe(DataViewType type) => type.ToString() ?? type.GetType().Name;
        }

        /// <summary>The training view's feature, label and (when named) confirmed-normal columns, checked.</summary>
        public static TrainingColumns Resolve(DataViewSchema schema, string featureColumnName, string labelColumnName,
            string? confirmedNormalColumnName = null)
        {
            int featureCount = FeatureCountOf(schema, featureColumnName);
            DataViewSchema.Column? label = schema.GetColumnOrNull(labelColumnName);
            CheckLabel(label is null ? null : ColumnFacts.Of(label.Value), labelColumnName, ColumnList(schema));
            DataViewSchema.Column? confirmedNormal = null;
            if (confirmedNormalColumnName != null)
            {
                confirmedNormal = schema.GetColumnOrNull(confirmedNormalColumnName);
                CheckConfirmedNormal(confirmedNormal is null ? null : ColumnFacts.Of(confirmedNormal.Value), confirmedNormalColumnName,
                    labelColumnName, ColumnList(schema));
            }
            return new TrainingColumns(schema[featureColumnName], label!.Value, confirmedNormal, featureCount);
        }

        /// <summary>The same checks on the shape of the training data (<c>GetOutputSchema</c>).</summary>
        public static void Check(SchemaShape shape, string featureColumnName, string labelColumnName, string? confirmedNormalColumnName = null)
        {
            string present = ColumnList(shape.Select(c => (c.Name, ColumnFacts.Of(c).TypeName)));
            CheckFeatures(Find(shape, featureColumnName), featureColumnName, present);
            CheckLabel(Find(shape, labelColumnName), labelColumnName, present);
            if (confirmedNormalColumnName != null)
                CheckConfirmedNormal(Find(shape, confirmedNormalColumnName), confirmedNormalColumnName, labelColumnName, present);
        }

        /// <summary>The feature column's check alone, on a shape (what scoring and explaining need).</summary>
        public static void CheckFeatures(SchemaShape shape, string featureColumnName)
            => CheckFeatures(Find(shape, featureColumnName), featureColumnName, ColumnList(shape.Select(c => (c.Name, ColumnFacts.Of(c).TypeName))));

        private static ColumnFacts? Find(SchemaShape shape, string name)
        {
            foreach (SchemaShape.Column column in shape)
            {
                if (column.Name == name)
                    return ColumnFacts.Of(column);
            }
            return null;
        }

        /// <summary>The size of the feature column, which must be a known-size vector of Single.</summary>
        public static int FeatureCountOf(DataViewSchema schema, string featureColumnName)
        {
            DataViewSchema.Column? features = schema.GetColumnOrNull(featureColumnName);
            CheckFeatures(features is null ? null : ColumnFacts.Of(features.Value), featureColumnName, ColumnList(schema));
            return ((VectorDataViewType)features!.Value.Type).Size;
        }

        /// <summary>
        /// The size of a feature column to be scored, or <see langword="null"/> for a vector of Single of unknown
        /// size: a <c>PredictionEngine</c> input class often declares <c>float[]</c> without a size, and the
        /// model accepts it too; the scoring guard then checks each row's length.
        /// </summary>
        public static int? ScoringFeatureCountOf(DataViewSchema schema, string featureColumnName)
        {
            if (schema.GetColumnOrNull(featureColumnName)?.Type is VectorDataViewType { IsKnownSize: false } vector
                && vector.ItemType == NumberDataViewType.Single)
                return null;
            return FeatureCountOf(schema, featureColumnName);
        }

        private static void CheckFeatures(ColumnFacts? features, string name, string present)
        {
            if (features is not ColumnFacts facts)
                throw new AnoOnlyInputException(
                    $"The data has no feature column '{name}'. Columns present: {present}. " +
                    "Gather the features into one vector column first, e.g. with Transforms.Concatenate.", name);
            if (!facts.IsVector || !facts.IsKnownSize || facts.ItemType != NumberDataViewType.Single)
                throw new AnoOnlyInputException(
                    $"Feature column '{name}' is of type {facts.TypeName}; expected a known-size vector of Single " +
                    "(for example Vector<Single, 21>). Use Transforms.Concatenate and Transforms.Conversion.ConvertType.", name);
        }

        private static void CheckLabel(ColumnFacts? label, string name, string present)
        {
            if (label is not ColumnFacts facts)
                throw new AnoOnlyInputException(
                    $"The training data has no label column '{name}'. Name the column that marks the known anomalies " +
                    $"(Boolean, or Single where > 0 means anomaly) with labelColumnName. Columns present: {present}.", name);
            if (facts.IsVector || (facts.ItemType is not BooleanDataViewType && facts.ItemType != NumberDataViewType.Single))
                throw new AnoOnlyInputException(
                    $"Label column '{name}' is of type {facts.TypeName}; expected Boolean (true = labeled anomaly) " +
                    "or Single (> 0 = labeled anomaly). Convert it first, e.g. with Transforms.Conversion.ConvertType.", name);
        }

        private static void CheckConfirmedNormal(ColumnFacts? column, string name, string labelName, string present)
        {
            if (name == labelName)
                throw new AnoOnlyInputException(
                    $"ConfirmedNormalColumnName and LabelColumnName both name column '{name}'. The label column marks known anomalies; " +
                    "the confirmed-normal column marks other rows, those reviewed and found normal.", name);
            if (column is not ColumnFacts facts)
                throw new AnoOnlyInputException(
                    $"The training data has no confirmed-normal column '{name}' (ConfirmedNormalColumnName). Name the column that marks " +
                    $"rows reviewed and found normal (Boolean, or Single where > 0 means confirmed normal), or leave the option null. " +
                    $"Columns present: {present}.", name);
            if (facts.IsVector || (facts.ItemType is not BooleanDataViewType && facts.ItemType != NumberDataViewType.Single))
                throw new AnoOnlyInputException(
                    $"Confirmed-normal column '{name}' is of type {facts.TypeName}; expected Boolean (true = reviewed and found normal) " +
                    "or Single (> 0 = reviewed and found normal). Convert it first, e.g. with Transforms.Conversion.ConvertType.", name);
        }

        private static string ColumnList(DataViewSchema schema)
            => ColumnList(schema.Where(c => !c.IsHidden).Select(c => (c.Name, ColumnFacts.Of(c).TypeName)));

        private static string ColumnList(IEnumerable<(string Name, string Type)> columns)
        {
            string[] names = columns.Select(c => $"'{c.Name}' ({c.Type})").ToArray();
            return names.Length == 0 ? "none" : string.Join(", ", names);
        }
    }
}
