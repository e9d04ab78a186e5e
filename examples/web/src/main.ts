import './style.css';
import { startApp } from './app';
import { requireElement } from './dom';

void startApp(requireElement('app'));
