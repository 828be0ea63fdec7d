using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Tests.Reliability
{
    /// <summary>Small hand-made data views for the hostile-input tests: any feature type, any label type.</summary>
    internal static class Tables
    {
        public sealed class SingleLabelRow
        {
            public float[] Features = Array.Empty<float>();
            public float Label;
        }

        public sealed class BooleanLabelRow
        {
            public float[] Features = Array.Empty<float>();
            public bool Label;
        }

        public sealed class LabelRow<TLabel>
        {
            public float[] Features = Array.Empty<float>();
            public TLabel Label = default!;
        }

        public sealed class DoubleFeatureRow
        {
            public double[] Features = Array.Empty<double>();
            public float Label;
        }

        public sealed class FeaturesOnlyRow
        {
            public float[] Features = Array.Empty<float>();
        }

        public sealed class ScalarFeatureRow
        {
            public float Features;
            public float Label;
        }

        /// <summary>Rows with a Single label (1 = labeled anomaly); <paramref name="size"/> 0 declares a
        /// variable-length feature vector.</summary>
        public static IDataView Single(MLContext ml, float[][] rows, float[] labels, int? size = null)
            => Load(ml, rows.Select((r, i) => new SingleLabelRow { Features = r, Label = labels[i] }),
                NumberDataViewType.Single, size ?? Width(rows));

        public static IDataView Boolean(MLContext ml, float[][] rows, bool[] labels)
            => Load(ml, rows.Select((r, i) => new BooleanLabelRow { Features = r, Label = labels[i] }), NumberDataViewType.Single, Width(rows));

        public static IDataView WithLabel<TLabel>(MLContext ml, float[][] rows, TLabel[] labels)
            => Load(ml, rows.Select((r, i) => new LabelRow<TLabel> { Features = r, Label = labels[i] }), NumberDataViewType.Single, Width(rows));

        public static IDataView DoubleFeatures(MLContext ml, float[][] rows, float[] labels)
            => Load(ml, rows.Select((r, i) => new DoubleFeatureRow { Features = r.Select(v => (double)v).ToArray(), Label = labels[i] }),
                NumberDataViewType.Double, Width(rows));

        public static IDataView FeaturesOnly(MLContext ml, float[][] rows, int? size = null)
            => Load(ml, rows.Select(r => new FeaturesOnlyRow { Features = r }), NumberDataViewType.Single, size ?? Width(rows));

        /// <summary>Normal rows ~ N(0.5, 0.1); anomalies (every 10th row, labeled 1) shifted by +0.4 on the
        /// first feature.</summary>
        public static (float[][] Rows, float[] Labels) Synthetic(int rows, int features = 4, int seed = 1, int anomalyEvery = 10)
        {
            var random = new Random(seed);
            var data = new float[rows][];
            var labels = new float[rows];
            for (int i = 0; i < rows; i++)
            {
                labels[i] = i % anomalyEvery == anomalyEvery - 1 ? 1 : 0;
                data[i] = new float[features];
                for (int j = 0; j < features; j++)
                    data[i][j] = (float)(0.5 + 0.1 * (random.NextDouble() * 2 - 1) + (labels[i] > 0 && j == 0 ? 0.4 : 0));
            }
            return (data, labels);
        }

        public static float[] Scores(IDataView scored) => scored.GetColumn<float>("Score").ToArray();

        private static int Width(float[][] rows) => rows.Length == 0 ? 4 : rows[0].Length;

        private static IDataView Load<TRow>(MLContext ml, IEnumerable<TRow> rows, PrimitiveDataViewType itemType, int size)
            where TRow : class
        {
            SchemaDefinition schema = SchemaDefinition.Create(typeof(TRow));
            // Size 0 leaves the vector's length unknown (a variable-length column).
            schema["Features"].ColumnType = new VectorDataViewType(itemType, size);
            return ml.Data.LoadFromEnumerable(rows.ToArray(), schema);
        }
    }

    /// <summary>A fresh folder under the temp folder, removed on dispose.</summary>
    internal sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "anoonly-reliability-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public string[] Entries() => Directory.GetFileSystemEntries(Path).Select(System.IO.Path.GetFileName).ToArray()!;

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
