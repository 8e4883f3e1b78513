/* global document */
// The demo simulation: distance = speed × time, with the car moved along a 270 km track.
const speed = document.getElementById('speed');
const time = document.getElementById('time');
const car = document.getElementById('car');
const result = document.getElementById('result');
const TRACK_KM = 270;

function show() {
  document.getElementById('speed-out').textContent = speed.value;
  document.getElementById('time-out').textContent = time.value;
}

speed.addEventListener('input', show);
time.addEventListener('input', show);
// A button, not a form: the sandbox the library serves simulations in does not allow form submission.
document.getElementById('run').addEventListener('click', () => {
  const distance = Number(speed.value) * Number(time.value);
  car.style.left = `${Math.min(100, (distance / TRACK_KM) * 100) * 0.9}%`;
  result.textContent = `s = ${speed.value} × ${time.value} = ${distance} km`;
});
show();
