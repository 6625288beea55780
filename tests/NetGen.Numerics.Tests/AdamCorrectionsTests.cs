using System;
using NetGen.Runtime;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>
/// The default betas' table gives Math.Pow's corrections to the bit, at every step, on both sides of its end; past it the
/// pair kept from the thread's last call is given only for that call's betas and step.
/// </summary>
public class AdamCorrectionsTests
{
    [Theory]
    [InlineData(0.9, 0.999)]
    [InlineData(0.8, 0.99)]
    [InlineData(0.9, 0.99)]
    public void Corrections_are_those_of_Math_Pow(double beta1, double beta2)
    {
        for (long step = 1; step <= AdamCorrections.TableSteps + 100; step++)
        {
            var (first, inverseSqrtSecond) = AdamCorrections.For(beta1, beta2, step);
            Assert.Equal(1 - Math.Pow(beta1, step), first);
            Assert.Equal(1 / Math.Sqrt(1 - Math.Pow(beta2, step)), inverseSqrtSecond);
        }
        Assert.Equal(1 - Math.Pow(beta1, 1L << 40), AdamCorrections.For(beta1, beta2, 1L << 40).FirstMoment);
    }

    [Fact]
    public void The_last_pair_kept_is_given_only_for_the_same_betas_and_step()
    {
        long late = AdamCorrections.TableSteps + 500;
        // Each call changes one of the three against the call before it, then repeats it (the kept pair's hit).
        (double, double, long)[] calls =
        [
            (0.9, 0.999, late), (0.9, 0.999, late), (0.9, 0.999, late + 1), (0.9, 0.999, late + 1), (0.8, 0.999, late + 1),
            (0.8, 0.99, late + 1), (0.8, 0.99, late + 1), (0.9, 0.999, late + 1), (0.9, 0.999, 3), (0.9, 0.999, late + 1),
        ];
        foreach (var (beta1, beta2, step) in calls)
        {
            var (first, inverseSqrtSecond) = AdamCorrections.For(beta1, beta2, step);
            Assert.Equal(1 - Math.Pow(beta1, step), first);
            Assert.Equal(1 / Math.Sqrt(1 - Math.Pow(beta2, step)), inverseSqrtSecond);
        }
    }

    [Fact]
    public void A_thread_s_first_step_past_the_table_allocates_nothing()
    {
        long late = AdamCorrections.TableSteps + 700;
        AdamCorrections.For(0.9, 0.999, late); // compiled
        long allocated = -1;
        var thread = new System.Threading.Thread(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            AdamCorrections.For(0.9, 0.999, late + 1);
            AdamCorrections.For(0.9, 0.999, late + 1);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        });
        thread.Start();
        thread.Join();
        Assert.Equal(0, allocated); // thread-local storage took 200-296 bytes of the heap on each thread's first use
    }

    [Fact]
    public void Threads_asking_for_different_steps_and_betas_at_once_each_get_their_own()
    {
        long late = AdamCorrections.TableSteps + 10;
        (double, double)[] betas = [(0.9, 0.999), (0.8, 0.99), (0.95, 0.9999)];
        int wrong = 0;
        var threads = new System.Threading.Thread[3];
        for (int t = 0; t < threads.Length; t++)
        {
            var (beta1, beta2) = betas[t];
            threads[t] = new System.Threading.Thread(() =>
            {
                for (long step = late; step < late + 20_000; step++)
                    for (int repeat = 0; repeat < 2; repeat++) // the second a hit, unless another thread wrote between
                    {
                        var (first, inverseSqrtSecond) = AdamCorrections.For(beta1, beta2, step);
                        if (first != 1 - Math.Pow(beta1, step) || inverseSqrtSecond != 1 / Math.Sqrt(1 - Math.Pow(beta2, step)))
                            System.Threading.Interlocked.Increment(ref wrong);
                    }
            });
        }
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();
        Assert.Equal(0, wrong);
    }
}
