using System;
using System.Numerics.Tensors;
using System.Threading;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Data
{
    /// <summary>
    /// The training rows, read from an <see cref="IDataView"/> in one streaming cursor pass: every labeled
    /// anomaly, and a uniform reservoir sample of at most <c>maxUnlabeledRows</c> unlabeled rows, so that
    /// memory stays bounded however long the view is.
    /// </summary>
    internal sealed class TrainingSet
    {
        private TrainingSet(RowBuffer anomalies, RowBuffer unlabeled, long rowsRead, long unlabeledRowsRead, float largestMagnitude)
        {
            Anomalies = anomalies;
            Unlabeled = unlabeled;
            RowsRead = rowsRead;
            UnlabeledRowsRead = unlabeledRowsRead;
            LargestMagnitude = largestMagnitude;
        }

        public int FeatureCount => Anomalies.Width;
        public RowBuffer Anomalies { get; }
        public RowBuffer Unlabeled { get; }
        public long RowsRead { get; }
        public long UnlabeledRowsRead { get; }

        /// <summary>The largest absolute feature value of all rows read: a divergence is blamed on unscaled
        /// features when it is large.</summary>
        public float LargestMagnitude { get; }

        /// <summary>The mean of the unlabeled rows kept: the normal reference explanations measure from.</summary>
        public float[] UnlabeledMean()
        {
            var sum = new double[FeatureCount];
            for (int i = 0; i < Unlabeled.Count; i++)
            {
                ReadOnlySpan<float> row = Unlabeled.Row(i);
                for (int j = 0; j < sum.Length; j++)
                    sum[j] += row[j];
            }
            var mean = new float[FeatureCount];
            for (int j = 0; j < mean.Length; j++)
                mean[j] = (float)(sum[j] / Math.Max(1, Unlabeled.Count));
            return mean;
        }

        /// <summary>Whether each row is a labeled anomaly, in the order of <see cref="ScoreAll"/>: anomalies, then unlabeled rows.</summary>
        public bool[] IsAnomalyByRow()
        {
            var isAnomaly = new bool[Anomalies.Count + Unlabeled.Count];
            isAnomaly.AsSpan(0, Anomalies.Count).Fill(true);
            return isAnomaly;
        }

        /// <summary>The scores of every row: labeled anomalies first, then unlabeled rows.</summary>
        public float[] ScoreAll(Scoring.IAnomalyScorer scorer)
        {
            var scores = new float[Anomalies.Count + Unlabeled.Count];
            for (int i = 0; i < Anomalies.Count; i++)
                scores[i] = scorer.Score(Anomalies.Row(i));
            for (int i = 0; i < Unlabeled.Count; i++)
                scores[Anomalies.Count + i] = scorer.Score(Unlabeled.Row(i));
            return scores;
        }

        /// <summary>A training set of rows already in memory (the folds of a cross-validation).</summary>
        public static TrainingSet FromRows(RowBuffer anomalies, RowBuffer unlabeled)
        {
            float largest = Math.Max(Largest(anomalies), Largest(unlabeled));
            return new TrainingSet(anomalies, unlabeled, anomalies.Count + unlabeled.Count, unlabeled.Count, largest);
        }

        /// <summary>The rows at the given indices of this set.</summary>
        public TrainingSet Subset(ReadOnlySpan<int> anomalyRows, ReadOnlySpan<int> unlabeledRows)
            => FromRows(Anomalies.Subset(anomalyRows), Unlabeled.Subset(unlabeledRows));

        private static float Largest(RowBuffer rows) => rows.Count == 0 ? 0 : Math.Abs(TensorPrimitives.MaxMagnitude(rows.Values));

        public static TrainingSet Load(IDataView data, TrainingColumns columns, int maxUnlabeledRows, Random random, CancellationToken cancellation)
        {
            int width = columns.FeatureCount;
            var anomalies = new RowBuffer(width, 64);
            long? rowCount = data.GetRowCount();
            var unlabeled = new RowBuffer(width, (int)Math.Min(rowCount ?? 1024, maxUnlabeledRows));
            var row = new float[width];
            VBuffer<float> buffer = default;
            long unlabeledSeen = 0, position = 0;
            float largest = 0;

            using DataViewRowCursor cursor = data.GetRowCursor(new[] { columns.Features, columns.Label });
            ValueGetter<VBuffer<float>> getFeatures = cursor.GetGetter<VBuffer<float>>(columns.Features);
            Func<bool> isAnomaly = LabelReader(cursor, columns);
            while (cursor.MoveNext())
            {
                if ((position & 1023) == 0)
                    cancellation.ThrowIfCancellationRequested();
                getFeatures(ref buffer);
                ReadDense(buffer, row, columns, position);
                largest = Math.Max(largest, Math.Abs(TensorPrimitives.MaxMagnitude(row)));
                if (isAnomaly())
                {
                    anomalies.Add(row);
                }
                else
                {
                    // Reservoir sampling (Algorithm R): after n unlabeled rows each is kept with probability k/n.
                    unlabeledSeen++;
                    if (unlabeled.Count < maxUnlabeledRows)
                        unlabeled.Add(row);
                    else
                    {
                        long slot = random.NextInt64(unlabeledSeen);
                        if (slot < maxUnlabeledRows)
                            unlabeled.Replace((int)slot, row);
                    }
                }
                position++;
            }
            return new TrainingSet(anomalies, unlabeled, position, unlabeledSeen, largest);
        }

        private static Func<bool> LabelReader(DataViewRowCursor cursor, TrainingColumns columns)
        {
            if (columns.LabelIsBoolean)
            {
                ValueGetter<bool> getBool = cursor.GetGetter<bool>(columns.Label);
                bool flag = false;
                return () => { getBool(ref flag); return flag; };
            }
            ValueGetter<float> getSingle = cursor.GetGetter<float>(columns.Label);
            float value = 0;
            return () => { getSingle(ref value); return value > 0; };
        }

        private static void ReadDense(in VBuffer<float> buffer, float[] row, TrainingColumns columns, long position)
        {
            if (buffer.Length != row.Length)
                throw new AnoOnlyInputException(
                    $"Row {position} of feature column '{columns.Features.Name}' has {buffer.Length} values; expected {row.Length}.",
                    columns.Features.Name, position);
            buffer.CopyTo(row);
            for (int i = 0; i < row.Length; i++)
            {
                if (!float.IsFinite(row[i]))
                    throw new AnoOnlyInputException(
                        $"Row {position} of feature column '{columns.Features.Name}' holds {row[i]} at slot {i}; the trainer needs " +
                        "finite values. Remove or impute missing values first (e.g. Transforms.ReplaceMissingValues).",
                        columns.Features.Name, position, slot: i);
            }
        }
    }
}
