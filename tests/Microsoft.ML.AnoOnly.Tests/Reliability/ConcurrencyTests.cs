using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Reliability
{
    /// <summary>
    /// One model scored from 16 threads at once gives exactly the single-threaded scores; two models trained at
    /// once in one process equal the same models trained one after the other.
    /// </summary>
    public class ConcurrencyTests
    {
        private const int Threads = 16;

        public sealed class Row
        {
            [VectorType(4)]
            public float[] Features = Array.Empty<float>();
        }

        public sealed class Scored
        {
            public float Score;
            public bool PredictedLabel;
        }

        private static (MLContext Ml, IDataView Data, float[][] Rows) Setup()
        {
            var ml = new MLContext(1);
            var (rows, labels) = Tables.Synthetic(400);
            return (ml, Tables.Single(ml, rows, labels), rows);
        }

        /// <summary>Runs <paramref name="work"/> on <see cref="Threads"/> threads released together.</summary>
        private static T[] OnAllThreads<T>(Func<int, T> work)
        {
            using var start = new Barrier(Threads);
            Task<T>[] tasks = Enumerable.Range(0, Threads).Select(i => Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                return work(i);
            }, TaskCreationOptions.LongRunning)).ToArray();
            Assert.That(Task.WaitAll(tasks, TimeSpan.FromMinutes(2)), "threads finished");
            return tasks.Select(t => t.Result).ToArray();
        }

        [TestCaseSource(typeof(Backbones), nameof(Backbones.All))]
        public void SixteenThreadsScoreExactlyLikeOne(AnoOnlyBackbone backbone)
        {
            var (ml, data, rows) = Setup();
            AnoOnlyTransformer model = Backbones.Fit(ml, Backbones.Tiny(backbone), data);
            using var folder = new TempFolder();
            ml.Model.Save(model, data.Schema, folder.File("model.zip"));
            ITransformer loaded = ml.Model.LoadValidated(folder.File("model.zip"), out _);

            float[] expected = Tables.Scores(model.Transform(data));
            float[] single = rows.Select(r => ml.Model.CreatePredictionEngine<Row, Scored>(loaded).Predict(new Row { Features = r }).Score).ToArray();
            Assert.That(single, Is.EqualTo(expected), "PredictionEngine equals Transform");

            float[][] perThreadEngines = OnAllThreads(_ =>
            {
                var engine = ml.Model.CreatePredictionEngine<Row, Scored>(loaded);
                return rows.Select(r => engine.Predict(new Row { Features = r }).Score).ToArray();
            });
            float[][] sharedLoaded = OnAllThreads(_ => Tables.Scores(loaded.Transform(data)));
            float[][] sharedTrained = OnAllThreads(_ => Tables.Scores(model.Transform(data)));
            IDataView scoredOnce = loaded.Transform(data);
            float[][] sharedView = OnAllThreads(_ => Tables.Scores(scoredOnce));

            foreach (float[][] results in new[] { perThreadEngines, sharedLoaded, sharedTrained, sharedView })
                Assert.That(results, Has.All.EqualTo(expected));
        }

        [TestCaseSource(typeof(Backbones), nameof(Backbones.All))]
        public void TwoModelsTrainedAtOnceEqualTheSameTrainedAlone(AnoOnlyBackbone backbone)
        {
            var (ml, data, _) = Setup();
            AnoOnlyTrainer.Options First() => Backbones.Tiny(backbone, seed: 11);
            AnoOnlyTrainer.Options Second() => Backbones.Tiny(backbone, seed: 22);
            float[] aloneFirst = Tables.Scores(Backbones.Fit(ml, First(), data).Transform(data));
            float[] aloneSecond = Tables.Scores(Backbones.Fit(ml, Second(), data).Transform(data));

            using var start = new Barrier(2);
            Task<float[]> first = Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                return Tables.Scores(Backbones.Fit(new MLContext(1), First(), data).Transform(data));
            }, TaskCreationOptions.LongRunning);
            Task<float[]> second = Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                return Tables.Scores(Backbones.Fit(new MLContext(1), Second(), data).Transform(data));
            }, TaskCreationOptions.LongRunning);
            Assert.That(Task.WaitAll(new Task[] { first, second }, TimeSpan.FromMinutes(2)), "both trainings finished");

            Assert.That(first.Result, Is.EqualTo(aloneFirst));
            Assert.That(second.Result, Is.EqualTo(aloneSecond));
            Assert.That(aloneFirst, Is.Not.EqualTo(aloneSecond), "the two runs differ, so a mix-up would show");
        }
    }
}
