using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using TorchSharp;

namespace Microsoft.ML.AnoOnly.Tests.Reliability
{
    /// <summary>
    /// Cancelling a fit stops it at the next batch (or within 1,024 rows while the data is read), leaves no
    /// file behind, and leaks neither tensors nor memory over repeated fits.
    /// </summary>
    public class CancellationTests
    {
        private static (MLContext Ml, IDataView Data) Setup()
        {
            var ml = new MLContext(1);
            var (rows, labels) = Tables.Synthetic(200);
            return (ml, Tables.Single(ml, rows, labels));
        }

        /// <summary>Starts a fit that would run for hours, cancels it once the first epoch is logged, and
        /// returns how long the fit took to stop.</summary>
        private static TimeSpan CancelMidTraining(bool throughOptions)
        {
            var (ml, data) = Setup();
            using var cancellation = new CancellationTokenSource();
            using var firstEpoch = new ManualResetEventSlim();
            ml.Log += (_, e) =>
            {
                if (e.Message.Contains("epoch 1/"))
                    firstEpoch.Set();
            };
            AnoOnlyTrainer.Options options = Backbones.Tiny(AnoOnlyBackbone.DevNet);
            options.NumberOfEpochs = 1_000_000;
            if (throughOptions)
                options.CancellationToken = cancellation.Token;
            AnoOnlyTrainer trainer = ml.AnomalyDetection.Trainers.AnoOnly(options);
            Task fit = Task.Factory.StartNew(() => throughOptions ? trainer.Fit(data) : trainer.Fit(data, cancellation.Token),
                TaskCreationOptions.LongRunning);

            Assert.That(firstEpoch.Wait(TimeSpan.FromMinutes(1)), "training started");
            var stopwatch = Stopwatch.StartNew();
            cancellation.Cancel();
            // A hang guard, not a timing assertion: the measured time is printed (a batch takes milliseconds).
            Assert.That(((IAsyncResult)fit).AsyncWaitHandle.WaitOne(TimeSpan.FromMinutes(1)), "fit stopped");
            stopwatch.Stop();
            var e = Assert.Throws<AggregateException>(fit.Wait)!;
            Assert.That(e.InnerException, Is.InstanceOf<OperationCanceledException>());
            TestContext.Out.WriteLine($"fit stopped {stopwatch.Elapsed.TotalMilliseconds:F1} ms after cancellation");
            return stopwatch.Elapsed;
        }

        [Test]
        public void CancellingFitMidEpochStopsIt() => CancelMidTraining(throughOptions: false);

        [Test]
        public void CancellationTokenInOptionsStopsFit() => CancelMidTraining(throughOptions: true);

        [Test]
        public void CancellingWhileReadingDataStopsWithin1024Rows()
        {
            var view = new GeneratedDataView(1_000_000_000, features: 4, anomalyEvery: 100);
            using var cancellation = new CancellationTokenSource();
            view.OnRow = row =>
            {
                if (row == 50_000)
                    cancellation.Cancel();
            };
            var trainer = new MLContext(1).AnomalyDetection.Trainers.AnoOnly(Backbones.Tiny(AnoOnlyBackbone.DevNet));
            Assert.Catch<OperationCanceledException>(() => trainer.Fit(view, cancellation.Token));
            Assert.That(view.RowsServed, Is.InRange(50_001, 50_001 + 1024));
        }

        [Test]
        public void AlreadyCancelledTokenStopsBeforeTraining()
        {
            var (ml, data) = Setup();
            using var cancellation = new CancellationTokenSource();
            cancellation.Cancel();
            Assert.Catch<OperationCanceledException>(() => ml.AnomalyDetection.Trainers.AnoOnly(Backbones.Tiny(AnoOnlyBackbone.DevNet))
                .Fit(data, cancellation.Token));
        }

        [Test]
        public void CancelledFitWritesNoFile()
        {
            using var folder = new TempFolder();
            string previous = Environment.CurrentDirectory;
            Environment.CurrentDirectory = folder.Path;
            try
            {
                CancelMidTraining(throughOptions: false);
            }
            finally
            {
                Environment.CurrentDirectory = previous;
            }
            Assert.That(folder.Entries(), Is.Empty);
        }

        /// <summary>
        /// Twenty fits, half of them cancelled mid-training: every tensor a fit creates is freed, except the
        /// handles TorchSharp 0.107's own layer constructors (<c>nn.Linear</c>, <c>nn.BatchNorm1d</c>) never
        /// release (two per layer, a few hundred bytes each, counted by building and disposing the network alone);
        /// the process's memory does not grow with the number of fits.
        /// </summary>
        [Test]
        public void RepeatedAndCancelledFitsLeakNothing()
        {
            var (ml, data) = Setup();
            void FitOnce(int i)
            {
                using var cancellation = new CancellationTokenSource();
                AnoOnlyTrainer.Options options = Backbones.Tiny(AnoOnlyBackbone.DevNet);
                options.CancellationToken = cancellation.Token;
                AnoOnlyTrainer trainer = ml.AnomalyDetection.Trainers.AnoOnly(options);
                if (i % 2 == 0)
                {
                    trainer.Fit(data);
                    return;
                }
                void Cancel(object? sender, LoggingEventArgs e)
                {
                    if (e.Message.Contains("epoch 1/"))
                        cancellation.Cancel();
                }
                ml.Log += Cancel;
                Assert.Catch<OperationCanceledException>(() => trainer.Fit(data));
                ml.Log -= Cancel;
            }

            FitOnce(0); // warm-up: libtorch's one-time allocations
            FitOnce(1);
            long constructorHandles = HandlesLeftByBuildingTheNetwork();
            long memoryBefore = SettledWorkingSet();
            long tensorsBefore = torch.Tensor.TotalCount;
            for (int i = 0; i < 20; i++)
                FitOnce(i);
            long tensorsAfter = torch.Tensor.TotalCount;
            long memoryAfter = SettledWorkingSet();
            TestContext.Out.WriteLine($"live tensor handles {tensorsBefore} -> {tensorsAfter} ({constructorHandles} per network built); " +
                $"working set {memoryBefore / 1e6:F1} MB -> {memoryAfter / 1e6:F1} MB");
            Assert.That(tensorsAfter - tensorsBefore, Is.EqualTo(20 * constructorHandles), "tensors leaked by training");
            Assert.That(memoryAfter - memoryBefore, Is.LessThan(100_000_000), "working set grew by more than 100 MB over 20 fits");
        }

        private static long HandlesLeftByBuildingTheNetwork()
        {
            var settings = Training.TrainingSettings.Resolve(new AnoOnlyTrainer.Options { Backbone = AnoOnlyBackbone.DevNet }, 1);
            long before = torch.Tensor.TotalCount;
            settings.Backbone.CreateModel(settings, 4, torch.CPU, new Random(1)).Dispose();
            return torch.Tensor.TotalCount - before;
        }

        private static long SettledWorkingSet()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            using var process = Process.GetCurrentProcess();
            return process.WorkingSet64;
        }
    }
}
