// Entry point: registers the app shell; each component module registers its own element.
import './components/st-app.js';
