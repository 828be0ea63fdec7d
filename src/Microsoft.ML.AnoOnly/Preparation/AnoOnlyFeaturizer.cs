using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.AnoOnly.Preparation;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.AnoOnly
{
    /// <summary>
    /// Turns a raw table into AnoOnly's input: a known-size, min-max scaled <see cref="float"/> vector column. Numeric
    /// columns are kept (missing values replaced by the training mean, with a missing indicator where the sample had
    /// blanks), low-cardinality text columns are one-hot encoded, id-like text columns, the label and excluded columns
    /// are left out. Create it with <c>mlContext.Transforms.PrepareAnoOnlyFeatures(trainingData, options)</c>.
    /// </summary>
    /// <remarks>
    /// <para>Which column becomes what is decided when the featurizer is created, from the first
    /// <see cref="AnoOnlyFeaturizerOptions.SampleRowCount"/> rows of the sample; <see cref="Columns"/> reports each
    /// decision. The means, the categories and the scaling are learned by <see cref="Fit"/> from the training rows.</para>
    /// <para>The fitted pipeline is made of ML.NET's own transforms only (ConvertType, IndicateMissingValues,
    /// ReplaceMissingValues, OneHotEncoding, Concatenate, NormalizeMinMax, DropColumns): it saves and loads with
    /// <c>mlContext.Model.Save</c>/<c>Load</c> inside the trained model, and scoring data needs only the columns that
    /// became features.</para>
    /// </remarks>
    public sealed class AnoOnlyFeaturizer : IEstimator<TransformerChain<ITransformer>>
    {
        // Read once: the caller's options object may change after the featurizer is made.
        private readonly AnoOnlyMissingValues _missingValues;
        private readonly EstimatorChain<ITransformer> _pipeline;
        private readonly Dictionary<string, DataViewType> _inputTypes;

        internal AnoOnlyFeaturizer(TransformsCatalog catalog, IHostEnvironment environment, IDataView sample, AnoOnlyFeaturizerOptions options)
        {
            Validate(options, sample.Schema);
            _missingValues = options.MissingValues;
            OutputColumnName = options.OutputColumnName;
            SampleProfile profile = SampleProfile.Read(sample, ColumnPlanner.Candidates(sample.Schema, options), options.SampleRowCount);
            if (profile.Rows == 0)
                throw new AnoOnlyInputException("The sample has no rows: the featurizer needs rows to decide what each column is.");
            SampleRowCount = profile.Rows;
            Columns = ColumnPlanner.Plan(sample.Schema, profile, options);
            if (!Columns.Any(c => c.Role != AnoOnlyColumnRole.LeftOut))
                throw new AnoOnlyInputException("No column of the table can be a feature: " +
                    string.Join("; ", Columns.Select(c => c.ToString())) + ".");
            _inputTypes = Columns.Where(c => c.Role != AnoOnlyColumnRole.LeftOut).ToDictionary(c => c.Name, c => sample.Schema[c.Name].Type);
            _pipeline = FeaturePipeline.Build(catalog, Columns, options);
            Log(environment);
        }

        /// <summary>What was decided about every visible input column, in schema order.</summary>
        public IReadOnlyList<AnoOnlyFeatureColumn> Columns { get; }

        /// <summary>Rows of the sample read to decide (at most <see cref="AnoOnlyFeaturizerOptions.SampleRowCount"/>).</summary>
        public long SampleRowCount { get; }

        /// <summary>The feature vector column written.</summary>
        public string OutputColumnName { get; }

        /// <summary>Learns the means, categories and scaling from <paramref name="input"/> (the training rows).</summary>
        /// <param name="input">Rows with every column that <see cref="Columns"/> made a feature, of the sample's types.</param>
        /// <returns>The fitted pipeline of ML.NET transforms; it adds <see cref="OutputColumnName"/>.</returns>
        /// <exception cref="AnoOnlyInputException">A feature column is missing or changed type; under
        /// <see cref="AnoOnlyMissingValues.Error"/>, a numeric column has a missing value.</exception>
        public TransformerChain<ITransformer> Fit(IDataView input)
        {
            ArgumentNullException.ThrowIfNull(input);
            foreach ((string name, DataViewType type) in _inputTypes)
            {
                DataViewSchema.Column? column = input.Schema.GetColumnOrNull(name);
                if (column is null)
                    throw new AnoOnlyInputException($"The training data has no column '{name}', which the featurizer's sample had.", name);
                if (!column.Value.Type.Equals(type))
                    throw new AnoOnlyInputException($"Column '{name}' is {column.Value.Type} in the training data but was {type} in the sample.", name);
            }
            if (_missingValues == AnoOnlyMissingValues.Error)
                MissingValueCheck.ThrowIfAny(input, Columns.Where(c => c.Role == AnoOnlyColumnRole.Numeric).Select(c => c.Name));
            return _pipeline.Fit(input);
        }

        /// <summary>The shape of the data the fitted pipeline produces: the input plus <see cref="OutputColumnName"/>.</summary>
        /// <param name="inputSchema">The shape of the input.</param>
        /// <returns>The output shape.</returns>
        public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        {
            foreach (string name in _inputTypes.Keys)
            {
                if (!inputSchema.Any(c => c.Name == name))
                    throw new AnoOnlyInputException($"The input has no column '{name}', which the featurizer's sample had.", name);
            }
            return _pipeline.GetOutputSchema(inputSchema);
        }

        private static void Validate(AnoOnlyFeaturizerOptions options, DataViewSchema schema)
        {
            if (string.IsNullOrEmpty(options.OutputColumnName))
                throw new ArgumentException("OutputColumnName must name a column.", nameof(options));
            if (options.MaxCategories < 1)
                throw new ArgumentOutOfRangeException(nameof(options), options.MaxCategories, "MaxCategories must be at least 1.");
            if (options.SampleRowCount < 1)
                throw new ArgumentOutOfRangeException(nameof(options), options.SampleRowCount, "SampleRowCount must be at least 1.");
            foreach (string name in options.ExcludedColumnNames ?? throw new ArgumentNullException(nameof(options), "ExcludedColumnNames is null."))
            {
                if (schema.GetColumnOrNull(name) is null)
                    throw new AnoOnlyInputException($"ExcludedColumnNames names column '{name}', which the table does not have.", name);
            }
            foreach (string name in options.CategoricalColumnNames ?? Array.Empty<string>())
            {
                DataViewSchema.Column column = schema.GetColumnOrNull(name)
                    ?? throw new AnoOnlyInputException($"CategoricalColumnNames names column '{name}', which the table does not have.", name);
                if (!ColumnKinds.CanBeCategory(column.Type))
                    throw new AnoOnlyInputException(
                        $"CategoricalColumnNames names column '{name}' of type {column.Type}; a category column holds text, numbers or Booleans.", name);
                if (options.ExcludedColumnNames.Contains(name) || name == options.LabelColumnName)
                    throw new AnoOnlyInputException(
                        $"Column '{name}' is named in CategoricalColumnNames and also excluded (ExcludedColumnNames or LabelColumnName).", name);
            }
        }

        private void Log(IHostEnvironment environment)
        {
            using IChannel channel = environment.Start(nameof(AnoOnlyFeaturizer));
            channel.Info(MessageSensitivity.None, string.Format(CultureInfo.InvariantCulture,
                "AnoOnly features from the first {0:N0} rows: {1} numeric, {2} categorical, {3} left out.", SampleRowCount,
                Columns.Count(c => c.Role == AnoOnlyColumnRole.Numeric), Columns.Count(c => c.Role == AnoOnlyColumnRole.Categorical),
                Columns.Count(c => c.Role == AnoOnlyColumnRole.LeftOut)));
            foreach (AnoOnlyFeatureColumn column in Columns)
                channel.Info(MessageSensitivity.UserData, "AnoOnly features: " + column);
        }
    }
}
