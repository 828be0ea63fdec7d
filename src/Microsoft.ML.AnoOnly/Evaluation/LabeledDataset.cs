using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Evaluation
{
    /// <summary>
    /// A table of feature rows with true anomaly labels, in memory: what the benchmark protocol splits and
    /// relabels. Reads the ADBench CSV layout (header <c>f0..fN-1,label</c>, label 1 = anomaly) with ML.NET's
    /// <see cref="TextLoader"/>.
    /// </summary>
    public sealed class LabeledDataset
    {
        /// <summary>Creates a dataset from rows and labels.</summary>
        /// <param name="features">Rows, all of the same length.</param>
        /// <param name="isAnomaly">True labels, one per row.</param>
        public LabeledDataset(float[][] features, bool[] isAnomaly)
        {
            if (features.Length != isAnomaly.Length)
                throw new ArgumentException($"{features.Length} rows but {isAnomaly.Length} labels.");
            if (features.Length == 0)
                throw new ArgumentException("A dataset needs at least one row.", nameof(features));
            int width = features[0].Length;
            int bad = Array.FindIndex(features, row => row.Length != width);
            if (bad >= 0)
                throw new ArgumentException($"Row {bad} has {features[bad].Length} features; row 0 has {width}.", nameof(features));
            Features = features;
            IsAnomaly = isAnomaly;
        }

        /// <summary>The feature rows.</summary>
        public float[][] Features { get; }

        /// <summary>The true labels.</summary>
        public bool[] IsAnomaly { get; }

        /// <summary>The number of features per row.</summary>
        public int FeatureCount => Features[0].Length;

        /// <summary>The number of rows.</summary>
        public int Count => Features.Length;

        /// <summary>Reads a CSV whose last column is the label (1 = anomaly) and whose other columns are features.</summary>
        /// <param name="mlContext">The ML.NET context.</param>
        /// <param name="path">The CSV file, with a header row.</param>
        /// <returns>The dataset.</returns>
        public static LabeledDataset LoadCsv(MLContext mlContext, string path)
        {
            if (!File.Exists(path))
                throw new FileNotFoundException($"No dataset file at '{path}'.", path);
            string? header;
            using (var reader = new StreamReader(path))
                header = reader.ReadLine();
            if (string.IsNullOrWhiteSpace(header) || header.Split(',').Length < 2)
                throw new InvalidDataException($"'{path}' needs a header row with at least one feature column and a label column.");
            int featureCount = header.Split(',').Length - 1;
            var loader = mlContext.Data.CreateTextLoader(new[]
            {
                new TextLoader.Column("Features", DataKind.Single, 0, featureCount - 1),
                new TextLoader.Column("Label", DataKind.Single, featureCount),
            }, separatorChar: ',', hasHeader: true);
            IDataView view = loader.Load(path);

            var rows = new List<float[]>();
            var labels = new List<bool>();
            using DataViewRowCursor cursor = view.GetRowCursor(view.Schema);
            var getFeatures = cursor.GetGetter<VBuffer<float>>(view.Schema["Features"]);
            var getLabel = cursor.GetGetter<float>(view.Schema["Label"]);
            VBuffer<float> buffer = default;
            float label = 0;
            while (cursor.MoveNext())
            {
                getFeatures(ref buffer);
                getLabel(ref label);
                float[] row = buffer.DenseValues().ToArray();
                int bad = Array.FindIndex(row, v => !float.IsFinite(v));
                if (bad >= 0 || float.IsNaN(label))
                    throw new InvalidDataException(
                        $"'{path}' line {cursor.Position + 2}: " + (bad >= 0 ? $"column {bad} is not a number." : "the label is not a number."));
                rows.Add(row);
                labels.Add(label > 0);
            }
            return new LabeledDataset(rows.ToArray(), labels.ToArray());
        }

        /// <summary>Rows as an <see cref="IDataView"/> with a <c>Features</c> vector column and a <see cref="float"/>
        /// <c>Label</c> column (1 = anomaly), the label type <c>AnomalyDetection.Evaluate</c> expects.</summary>
        /// <param name="mlContext">The ML.NET context.</param>
        /// <param name="labels">Labels to use instead of the true ones (for example the semi-supervised ones).</param>
        /// <returns>The view.</returns>
        public IDataView ToDataView(MLContext mlContext, IReadOnlyList<bool>? labels = null)
        {
            labels ??= IsAnomaly;
            var schema = SchemaDefinition.Create(typeof(Row));
            schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, FeatureCount);
            var rows = new Row[Count];
            for (int i = 0; i < rows.Length; i++)
                rows[i] = new Row { Features = Features[i], Label = labels[i] ? 1f : 0f };
            return mlContext.Data.LoadFromEnumerable(rows, schema);
        }

        /// <summary>The rows at <paramref name="indices"/>.</summary>
        /// <param name="indices">Row indices.</param>
        /// <returns>A new dataset.</returns>
        public LabeledDataset Subset(IReadOnlyList<int> indices)
            => new(indices.Select(i => Features[i]).ToArray(), indices.Select(i => IsAnomaly[i]).ToArray());

        private sealed class Row
        {
            public float[] Features = Array.Empty<float>();
            public float Label;
        }
    }
}
