// Reference loop for the benchmark: M/M/1 processor sharing, Poisson(lambda) arrivals, exponential
// sizes, exact PS by virtual time with finish tags in a binary heap (the same algorithm as lbsim's
// engine), one core. Prints requests and the mean sojourn so the run cannot be optimised away.
// Build: g++ -O2 -o mm1ps mm1ps.cpp      Run: ./mm1ps REQUESTS
#include <cstdio>
#include <cstdlib>
#include <cmath>
#include <queue>
#include <vector>
#include <random>
#include <functional>

int main(int argc, char** argv) {
  const long requests = argc > 1 ? atol(argv[1]) : 10000000;
  const double lambda = 0.9, mu = 1.0;
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  auto expo = [&](double rate) { return -std::log(1.0 - u(rng)) / rate; };
  // (finish tag, arrival time)
  std::priority_queue<std::pair<double, double>, std::vector<std::pair<double, double>>, std::greater<>> heap;
  double now = 0, virt = 0, nextArrival = expo(lambda), sum = 0;
  long born = 0, done = 0;
  while (done < requests) {
    const size_t n = heap.size();
    // time until the head finishes: (tag - V) * n / mu
    const double tDepart = n ? now + (heap.top().first - virt) * n / mu : INFINITY;
    if (nextArrival < tDepart) {
      if (n) virt += (nextArrival - now) * mu / n;
      now = nextArrival;
      heap.emplace(virt + expo(1.0), now);
      born++;
      nextArrival = now + expo(lambda);
    } else {
      virt = heap.top().first;
      now = tDepart;
      sum += now - heap.top().second;
      heap.pop();
      done++;
    }
  }
  std::printf("%ld %.6f\n", done, sum / done);
  return 0;
}
